package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.ServedEndpoints.serving;
import static dev.vsid.operator.federation.ServedEndpoints.withEndpoint;
import static dev.vsid.operator.testing.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleDocument;
import dev.vsid.operator.api.v1alpha1.BundleEndpointSpec;
import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two clusters, each with its own API server and operator, federate through each other's bundle
 * endpoints (https_spiffe): each side's workloads get the other's bundle, a rotation of one CA
 * reaches the other side's Secrets without a reissue, and workloads of the two trust domains
 * complete a mutual TLS handshake, each checking the other's SPIFFE ID against the bundle of the
 * peer's trust domain (java-spiffe). A workload of a trust domain that is not federated is refused.
 */
class CrossDomainFederationTest {
  private static final char[] PASSWORD = "test-only".toCharArray();
  private static final int TIMEOUT_MILLIS = 10_000;

  private final OperatorHarness east = new OperatorHarness();
  private final OperatorHarness west = new OperatorHarness();

  @AfterEach
  void close() {
    east.close();
    west.close();
  }

  @Test
  void workloadsOfTwoFederatedTrustDomainsVerifyEachOtherAndAStrangerIsRefused() throws Exception {
    int eastPort = freePort();
    int westPort = freePort();
    trustDomain(east, "east", "east.test", eastPort, "west.test");
    trustDomain(west, "west", "west.test", westPort, "east.test");
    // A trust domain of the west cluster that east does not federate with.
    west.createTrustDomain("stranger", spec -> spec.setTrustDomain("stranger.test"));
    await().atMost(OperatorHarness.WAIT).until(() -> serving(east.trustDomain("east")));
    await().atMost(OperatorHarness.WAIT).until(() -> serving(west.trustDomain("west")));

    federate(east, "west.test", westPort, caRoots(west, "west"));
    federate(west, "east.test", eastPort, caRoots(east, "east"));
    east.createIdentity("shop", "web", s -> s.setTrustDomain("east"));
    west.createIdentity("shop", "api", s -> s.setTrustDomain("west"));
    west.createIdentity("shop", "intruder", s -> s.setTrustDomain("stranger"));
    Secret web = awaitSecret(east, "web", "federated.west.test.crt");
    Secret api = awaitSecret(west, "api", "federated.east.test.crt");
    Secret intruder = awaitSecret(west, "intruder", "tls.crt");
    assertThat(Pem.parseCertificates(text(web, "federated.west.test.crt")))
        .containsExactlyElementsOf(caRoots(west, "west"));
    assertThat(Pem.parseCertificates(text(api, "federated.east.test.crt")))
        .containsExactlyElementsOf(caRoots(east, "east"));

    handshake(web, api, "spiffe://west.test/ns/shop/sa/api", "spiffe://east.test/ns/shop/sa/web");
    assertThatThrownBy(
            () ->
                handshake(
                    web,
                    intruder,
                    "spiffe://stranger.test/ns/shop/sa/intruder",
                    "spiffe://east.test/ns/shop/sa/web"))
        .as("east trusts no root of stranger.test")
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

    // East rotates its CA: west's workloads get the new root from east's endpoint, unchanged.
    String apiSerial = west.identity("shop", "api").getStatus().getSerialNumber();
    east.client()
        .resources(TrustDomain.class)
        .withName("east")
        .edit(
            t -> {
              t.getSpec().getCa().getRotation().setRequest("rotate-1");
              return t;
            });
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                Pem.parseCertificates(text(west.secret("shop", "api"), "federated.east.test.crt"))
                        .size()
                    == 2);
    assertThat(west.identity("shop", "api").getStatus().getSerialNumber()).isEqualTo(apiSerial);
  }

  private static void trustDomain(
      OperatorHarness cluster, String name, String trustDomain, int port, String federatesWith) {
    cluster.createTrustDomain(
        name,
        spec -> {
          spec.setTrustDomain(trustDomain);
          withEndpoint(spec, port);
          spec.setFederatesWith(List.of(federatesWith));
        });
  }

  /** A FederatedTrustDomain reading the peer's endpoint, authenticated by its current roots. */
  private static void federate(
      OperatorHarness cluster, String trustDomain, int port, List<X509Certificate> roots) {
    BundleEndpointSpec endpoint = new BundleEndpointSpec();
    endpoint.setUrl("https://127.0.0.1:" + port + "/");
    endpoint.setProfile("https_spiffe");
    endpoint.setSpiffeId("spiffe://" + trustDomain + "/vsid/bundle-endpoint");
    BundleDocument initial = new BundleDocument();
    initial.setPem(Pem.encodeCertificates(roots));
    endpoint.setInitialBundle(initial);
    BundleSource source = new BundleSource();
    source.setEndpoint(endpoint);
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain(trustDomain);
    spec.setBundle(source);
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(new ObjectMetaBuilder().withName(trustDomain).build());
    ftd.setSpec(spec);
    cluster.client().resource(ftd).create();
  }

  private static Secret awaitSecret(OperatorHarness cluster, String name, String key) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Secret secret = cluster.secret("shop", name);
              return secret != null
                  && secret.getData() != null
                  && secret.getData().containsKey(key);
            });
    return cluster.secret("shop", name);
  }

  private static List<X509Certificate> caRoots(OperatorHarness cluster, String td)
      throws Exception {
    return Pem.parseCertificates(
        OperatorHarness.text(
            cluster.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-" + td), "ca.crt"));
  }

  private static String text(Secret secret, String key) {
    return OperatorHarness.text(secret, key);
  }

  /**
   * A mutual TLS 1.3 handshake: each side presents its SVID and trusts its all-roots.crt (or ca.crt
   * when it federates with nothing); then each checks the peer's chain against the bundle of the
   * peer's own trust domain, from its federated.<td>.crt, and the peer's SPIFFE ID.
   */
  private static void handshake(
      Secret client, Secret server, String expectedServerId, String expectedClientId)
      throws Exception {
    SSLContext clientContext = context(client);
    SSLContext serverContext = context(server);
    try (SSLServerSocket listener =
        (SSLServerSocket)
            serverContext
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      listener.setSoTimeout(TIMEOUT_MILLIS);
      CompletableFuture<List<X509Certificate>> clientSeen =
          CompletableFuture.supplyAsync(() -> acceptOne(listener));
      List<X509Certificate> serverSeen;
      try (SSLSocket socket =
          (SSLSocket)
              clientContext
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        socket.getOutputStream().write(42);
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().read()).isEqualTo(42);
        serverSeen = chain(socket.getSession().getPeerCertificates());
      }
      List<X509Certificate> clientChain = clientSeen.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      verifyPeer(serverSeen, client, expectedServerId);
      verifyPeer(clientChain, server, expectedClientId);
    }
  }

  /** The peer's chain checked against the bundle of the trust domain its SPIFFE ID names. */
  private static void verifyPeer(List<X509Certificate> chain, Secret verifier, String expected)
      throws Exception {
    SpiffeId id = SpiffeId.parse(expected);
    String key = "federated." + id.getTrustDomain().getName() + ".crt";
    X509Bundle bundle =
        new X509Bundle(
            id.getTrustDomain(), new HashSet<>(Pem.parseCertificates(text(verifier, key))));
    X509SvidValidator.verifyChain(chain, bundle);
    X509SvidValidator.verifySpiffeId(chain.get(0), () -> java.util.Set.of(id));
  }

  private static List<X509Certificate> acceptOne(SSLServerSocket listener) {
    try (SSLSocket socket = (SSLSocket) listener.accept()) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      int ping = socket.getInputStream().read();
      socket.getOutputStream().write(ping);
      socket.getOutputStream().flush();
      return chain(socket.getSession().getPeerCertificates());
    } catch (Exception e) {
      throw new IllegalStateException("the TLS server side failed: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> chain(Certificate[] certificates) {
    return Arrays.stream(certificates).map(c -> (X509Certificate) c).toList();
  }

  private static SSLContext context(Secret secret) throws Exception {
    PrivateKey key = Pem.parsePrivateKey(text(secret, "tls.key"));
    List<X509Certificate> chain = Pem.parseCertificates(text(secret, "tls.crt"));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("svid", key, PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(keys, PASSWORD);
    String rootsKey = secret.getData().containsKey("all-roots.crt") ? "all-roots.crt" : "ca.crt";
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    List<X509Certificate> roots = Pem.parseCertificates(text(secret, rootsKey));
    for (int i = 0; i < roots.size(); i++) {
      trust.setCertificateEntry("root-" + i, roots.get(i));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
