package dev.vsid.operator.hostile;

import static dev.vsid.operator.federation.ServedEndpoints.endpointCondition;
import static dev.vsid.operator.federation.ServedEndpoints.withEndpoint;
import static dev.vsid.operator.testing.Sockets.freePort;
import static dev.vsid.operator.testing.Sockets.listening;
import static dev.vsid.operator.testing.Sockets.presentedChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WebEndpointSpec;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.BundleEndpointServer;
import dev.vsid.operator.federation.ServedTrustDomain;
import dev.vsid.operator.federation.ServerSettings;
import dev.vsid.operator.federation.ServingCredential;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the bundle endpoints the operator serves for its own TrustDomains
 * (spec.bundleEndpoint): a TrustDomain owner pointing the https_web listener at Secrets that are
 * not its own, web certificates that are unusable, and endpoint problems that persist. Everything
 * listens on 127.0.0.1 on free ports.
 */
class BundleEndpointAttackTest {
  private static final String HOST = "127.0.0.1";
  private static final String ATTACKER = "127.0.0.1";
  private static final String PEER = "127.0.0.2";
  private static final String NS = OperatorHarness.OPERATOR_NAMESPACE;

  private final OperatorHarness harness = new OperatorHarness();
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    harness.close();
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
  }

  /**
   * The CA Secrets in the operator's namespace hold the CA certificate in tls.crt and the CA
   * private key in tls.key, exactly what an https_web Secret holds. A TrustDomain owner who names
   * another trust domain's CA Secret (or their own) in spec.bundleEndpoint.web.secretName made the
   * operator present that CA certificate as a TLS server certificate and sign handshakes with the
   * CA private key: a CA key that must sign nothing but certificates, used by a listener on the
   * network, chosen by someone who does not own that trust domain. Such names must be refused.
   */
  @Test
  void aWebSecretThatIsACaSecretOfTheOperatorIsRefused() throws Exception {
    harness.createTrustDomain("victim", "victim.test");
    harness.awaitTrustDomain("victim", Condition.TRUE, "CaReady");
    int port = freePort();
    int webPort = freePort();
    harness.createTrustDomain(
        "evil",
        spec -> {
          spec.setTrustDomain("evil.test");
          withEndpoint(spec, port);
          spec.getBundleEndpoint().setWeb(web(webPort, "vsid-ca-victim"));
        });

    TrustDomain evil = awaitEndpoint("evil", Reasons.INVALID_BUNDLE_ENDPOINT);
    assertThat(endpointCondition(evil).orElseThrow().getMessage()).contains("vsid-ca-victim");
    assertThat(listening(HOST, webPort)).as("no https_web listener").isFalse();
  }

  /**
   * The same through a Secret of any name: a kubernetes.io/tls Secret whose certificate is a CA (a
   * provided CA's Secret from cert-manager looks like that) is not a server certificate, and the
   * operator must not sign TLS handshakes with a CA key.
   */
  @Test
  void aWebSecretHoldingACaCertificateIsNotServed() throws Exception {
    int port = freePort();
    int webPort = freePort();
    createTlsSecret("provided-ca", selfSigned(true, Instant.now().plus(Duration.ofDays(30))));
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.test");
          withEndpoint(spec, port);
          spec.getBundleEndpoint().setWeb(web(webPort, "provided-ca"));
        });

    TrustDomain td = awaitEndpoint("example", Reasons.BUNDLE_ENDPOINT_UNAVAILABLE);
    assertThat(endpointCondition(td).orElseThrow().getMessage())
        .contains("provided-ca")
        .contains("CA certificate");
    assertThat(listening(HOST, webPort)).isFalse();
  }

  /**
   * A web certificate whose key does not match, and then one that has expired: both are reported
   * (not "Serving"), the listener keeps presenting the last good certificate, and nothing breaks.
   */
  @Test
  void unusableWebCertificatesAreReportedAndTheLastGoodOneKept() throws Exception {
    int port = freePort();
    int webPort = freePort();
    Tls good = selfSigned(false, Instant.now().plus(Duration.ofDays(30)));
    createTlsSecret("web-tls", good);
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.test");
          withEndpoint(spec, port);
          spec.getBundleEndpoint().setWeb(web(webPort, "web-tls"));
        });
    awaitEndpoint("example", Reasons.BUNDLE_ENDPOINT_SERVING);
    assertThat(presentedChain(HOST, webPort).get(0)).isEqualTo(good.cert());

    Tls other = selfSigned(false, Instant.now().plus(Duration.ofDays(30)));
    createTlsSecret("web-tls", new Tls(other.cert(), good.keyPem()));
    TrustDomain td = awaitEndpoint("example", Reasons.BUNDLE_ENDPOINT_UNAVAILABLE);
    assertThat(endpointCondition(td).orElseThrow().getMessage()).contains("does not match");
    assertThat(presentedChain(HOST, webPort).get(0)).isEqualTo(good.cert());

    Tls expired = selfSigned(false, Instant.now().minus(Duration.ofDays(1)));
    createTlsSecret("web-tls", expired);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                endpointCondition(harness.trustDomain("example"))
                    .map(c -> c.getMessage().contains("expired"))
                    .orElse(false));
    assertThat(presentedChain(HOST, webPort).get(0)).isEqualTo(good.cert());
  }

  /**
   * While an endpoint problem persists (the web Secret missing, the port held by something else),
   * the TrustDomain is looked at again and again; none of those looks may write its status or emit
   * an Event when nothing changed.
   */
  @Test
  void aPersistentEndpointProblemWritesNothingWhileIdle() throws Exception {
    ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName(HOST));
    closeAfter.add(squatter);
    int webPort = freePort();
    harness.createTrustDomain(
        "squatted",
        spec -> {
          spec.setTrustDomain("squatted.test");
          withEndpoint(spec, squatter.getLocalPort());
        });
    harness.createTrustDomain(
        "nosecret",
        spec -> {
          spec.setTrustDomain("nosecret.test");
          withEndpoint(spec, freePort());
          spec.getBundleEndpoint().setWeb(web(webPort, "missing-tls"));
        });
    awaitEndpoint("squatted", Reasons.BUNDLE_ENDPOINT_UNAVAILABLE);
    awaitEndpoint("nosecret", Reasons.BUNDLE_ENDPOINT_UNAVAILABLE);
    Thread.sleep(1500);

    int before = harness.cluster().writesBy(harness.operatorAgent(), r -> true).size();
    Thread.sleep(3000);
    List<String> writes = harness.cluster().writesBy(harness.operatorAgent(), r -> true);
    assertThat(writes.subList(before, writes.size())).as("writes while idle").isEmpty();
  }

  /**
   * Slow clients: an unauthenticated client that can reach any one bundle endpoint (they face other
   * clusters, often the internet) opens connections to it, sends one byte and stalls. With the JDK
   * HTTPS server each such connection held one of the few workers that every trust domain's
   * listeners shared, until the exchange deadline, and every trust domain's endpoint stopped
   * answering. Now each connection has its own thread and one client address at most 4 of them: 8
   * stalled connections from one address on one listener must not delay a request from another
   * address to another listener.
   */
  @Test
  void slowClientsOnOneListenerDoNotStarveAnotherTrustDomainsListener() throws Exception {
    Tls tls = selfSigned(false, Instant.now().plus(Duration.ofDays(30)));
    ServingCredential credential =
        ServingCredential.fromPem(Pem.encodeCertificates(List.of(tls.cert())), tls.keyPem());
    List<ServedTrustDomain> served = new ArrayList<>();
    for (String name : List.of("attacked.test", "bystander.test")) {
      TrustDomainName td = new TrustDomainName(name);
      TrustBundle bundle = TrustBundle.of(td, List.of(tls.cert()));
      served.add(
          new ServedTrustDomain(
              td,
              new InetSocketAddress(HOST, 0),
              ServedTrustDomain.Profile.HTTPS_WEB,
              () -> bundle,
              () -> credential));
    }
    BundleEndpointServer server =
        BundleEndpointServer.start(served, new ServerSettings("/", 2, Duration.ofSeconds(2)));
    closeAfter.add(server);
    InetSocketAddress attacked =
        server
            .address(new TrustDomainName("attacked.test"), ServedTrustDomain.Profile.HTTPS_WEB)
            .orElseThrow();
    InetSocketAddress bystander =
        server
            .address(new TrustDomainName("bystander.test"), ServedTrustDomain.Profile.HTTPS_WEB)
            .orElseThrow();

    List<Socket> stalled = new ArrayList<>();
    try {
      int refused = 0;
      for (int i = 0; i < 8; i++) {
        Socket socket = new Socket();
        stalled.add(socket);
        socket.bind(new InetSocketAddress(ATTACKER, 0));
        try {
          socket.connect(attacked, 1000);
          socket.getOutputStream().write(0x16); // the first byte of a TLS handshake record
          socket.getOutputStream().flush();
        } catch (IOException e) {
          refused++; // over the cap per client address: reset at once
        }
      }
      Thread.sleep(200);
      long start = System.nanoTime();
      int status = get(bystander, PEER, 6000);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(status).isEqualTo(200);
      assertThat(millis).as("time to answer another trust domain's request, ms").isLessThan(1500);
      assertThat(refused).as("stalled connections refused at once").isLessThanOrEqualTo(4);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  /** GET / over TLS (no certificate check), the HTTP status, within {@code timeoutMillis}. */
  private static int get(InetSocketAddress address, String from, int timeoutMillis)
      throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll()}, null);
    try (Socket plain = new Socket()) {
      plain.bind(new InetSocketAddress(from, 0));
      plain.connect(address, timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      try (SSLSocket tls =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(plain, address.getHostString(), address.getPort(), false)) {
        tls.getOutputStream()
            .write(
                "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        tls.getOutputStream().flush();
        String line =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        return Integer.parseInt(line.split(" ")[1]);
      }
    }
  }

  private static X509TrustManager trustAll() {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }

  /**
   * The older TrustDomain moves onto the younger one's port, the younger one moves to the port
   * freed, and the older one moves back and forth: every port ends up presenting the SVID of the
   * trust domain that holds it, and no listener is lost.
   */
  @Test
  void portsTakenOverSwappedAndMovedBackEndWithTheRightListeners() throws Exception {
    int p = freePort();
    int q = freePort();
    harness.createTrustDomain(
        "older",
        spec -> {
          spec.setTrustDomain("older.test");
          withEndpoint(spec, p);
        });
    awaitEndpoint("older", Reasons.BUNDLE_ENDPOINT_SERVING);
    harness.createTrustDomain(
        "younger",
        spec -> {
          spec.setTrustDomain("younger.test");
          withEndpoint(spec, q);
        });
    awaitEndpoint("younger", Reasons.BUNDLE_ENDPOINT_SERVING);

    movePort("older", q);
    awaitEndpoint("younger", Reasons.BUNDLE_ENDPOINT_PORT_IN_USE);
    movePort("younger", p);
    for (int i = 0; i < 3; i++) {
      movePort("older", i % 2 == 0 ? p : q);
    }
    // Last: older on p again (taking it from younger), then back to q.
    movePort("older", q);
    await()
        .atMost(OperatorHarness.WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(presentedId(q)).isEqualTo("spiffe://older.test/vsid/bundle-endpoint");
              assertThat(presentedId(p)).isEqualTo("spiffe://younger.test/vsid/bundle-endpoint");
            });
    awaitEndpoint("older", Reasons.BUNDLE_ENDPOINT_SERVING);
    awaitEndpoint("younger", Reasons.BUNDLE_ENDPOINT_SERVING);
  }

  private void movePort(String name, int port) {
    harness
        .client()
        .resources(TrustDomain.class)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"bundleEndpoint\":{\"port\":" + port + "}}}");
  }

  private static String presentedId(int port) throws Exception {
    X509Certificate leaf = presentedChain(HOST, port).get(0);
    return leaf.getSubjectAlternativeNames().stream()
        .filter(n -> ((Integer) n.get(0)) == GeneralName.uniformResourceIdentifier)
        .map(n -> (String) n.get(1))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A younger TrustDomain that repeats the trust domain name of an older one has no CA (the older
   * one holds it) and can serve nothing; when the older one asks for no endpoint, the younger one
   * still held its port in the plan and so kept any later TrustDomain off that port. It must be
   * refused as a duplicate, and the port left free.
   */
  @Test
  void aDuplicateOfATrustDomainWithoutEndpointHoldsNoPort() throws Exception {
    int port = freePort();
    harness.createTrustDomain("real", "example.test");
    harness.awaitTrustDomain("real", Condition.TRUE, "CaReady");
    Thread.sleep(1100); // a later creationTimestamp (seconds)
    harness.createTrustDomain(
        "duplicate",
        spec -> {
          spec.setTrustDomain("example.test");
          withEndpoint(spec, port);
        });
    harness.awaitTrustDomain("duplicate", Condition.FALSE, Reasons.DUPLICATE_TRUST_DOMAIN);
    Thread.sleep(1100);
    harness.createTrustDomain(
        "other",
        spec -> {
          spec.setTrustDomain("other.test");
          withEndpoint(spec, port);
        });

    awaitEndpoint("other", Reasons.BUNDLE_ENDPOINT_SERVING);
    assertThat(presentedId(port)).isEqualTo("spiffe://other.test/vsid/bundle-endpoint");
  }

  // --- helpers

  private record Tls(X509Certificate cert, String keyPem) {}

  private static Tls selfSigned(boolean ca, Instant notAfter) throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X500Name name = new X500Name("CN=" + (ca ? "some-ca" : "localhost"));
    Instant notBefore = notAfter.minus(Duration.ofDays(60));
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(System.nanoTime()),
            Date.from(notBefore),
            Date.from(notAfter),
            name,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
    }
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    return new Tls(cert, Pem.encodePrivateKey(keys.getPrivate()));
  }

  private void createTlsSecret(String name, Tls tls) {
    Secret secret =
        new SecretBuilder()
            .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build())
            .withType("kubernetes.io/tls")
            .withData(
                Map.of(
                    "tls.crt", b64(Pem.encodeCertificates(List.of(tls.cert()))),
                    "tls.key", b64(tls.keyPem())))
            .build();
    harness.client().secrets().inNamespace(NS).resource(secret).createOr(c -> c.update());
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static WebEndpointSpec web(int port, String secretName) {
    WebEndpointSpec web = new WebEndpointSpec();
    web.setPort(port);
    web.setSecretName(secretName);
    return web;
  }

  private TrustDomain awaitEndpoint(String name, String reason) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                endpointCondition(harness.trustDomain(name))
                    .map(c -> reason.equals(c.getReason()))
                    .orElse(false));
    return harness.trustDomain(name);
  }
}
