package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleDocument;
import dev.vsid.operator.api.v1alpha1.BundleEndpointSpec;
import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.ConfigMapKeyRef;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.BundleEndpointServer;
import dev.vsid.operator.federation.ServedTrustDomain;
import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import dev.vsid.operator.federation.ServerSettings;
import dev.vsid.operator.federation.ServingCredential;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.pki.SvidRequest;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on federation: a foreign bundle endpoint (on 127.0.0.1) that misbehaves, and
 * FederatedTrustDomains that contradict each other or the cluster's own trust domains.
 */
class FederationAttackTest {
  /** The most a Secret's or ConfigMap's data may hold on a real API server. */
  private static final long KUBERNETES_OBJECT_DATA_LIMIT = 1024 * 1024;

  private final OperatorHarness harness = new OperatorHarness();
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    harness.close();
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  /**
   * A foreign endpoint serves a bundle under the 1 MiB fetch cap, but with so many roots that the
   * bundle ConfigMaps and SVID Secrets it is copied into (PEM, JSON and again in all-roots.crt)
   * pass the API server's 1 MiB object limit: on a real cluster every SVID renewal and bundle
   * update of every trust domain federating with it would then fail. The bundle must be refused and
   * the last good one kept.
   */
  @Test
  void aForeignBundleTooBigToDistributeIsRefusedAndTheLastGoodOneStays() {
    TrustDomainName td = new TrustDomainName("huge.test");
    CertificateAuthority ca = ca(td);
    AtomicReference<TrustBundle> served =
        new AtomicReference<>(
            TrustBundle.of(td, List.of(ca.certificate()))
                .withRefreshHint(Duration.ofSeconds(10))
                .withSequence(1));
    AtomicInteger requests = new AtomicInteger();
    String url = serve(td, ca, () -> count(requests, served.get()));
    endpointFederated("huge", td, url, ca);
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setFederatesWith(List.of("huge.test"));
        });
    harness.createIdentity("shop", "web", s -> {});
    harness.awaitIdentityReady("shop", "web");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Secret s = harness.secret("shop", "web");
              return s != null && s.getData().containsKey("federated.huge.test.crt");
            });
    String goodBundle = ftd("huge").getStatus().getBundle();

    List<java.security.cert.X509Certificate> many = new ArrayList<>();
    many.add(ca.certificate());
    for (int i = 0; i < 1100; i++) {
      many.add(ca(td).certificate());
    }
    TrustBundle big =
        TrustBundle.of(td, many).withRefreshHint(Duration.ofSeconds(10)).withSequence(2);
    assertThat(dev.vsid.operator.bundle.SpiffeBundleJson.write(big).length())
        .as("the served bundle stays under the fetch cap")
        .isLessThan(1024 * 1024);
    int before = requests.get();
    served.set(big);
    await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() > before);
    // Give the operator time to distribute what it accepted.
    sleep(Duration.ofSeconds(6));

    assertThat(dataBytes(harness.secret("shop", "web")))
        .as("SVID Secret data, bytes")
        .isLessThanOrEqualTo(KUBERNETES_OBJECT_DATA_LIMIT);
    ConfigMap cm =
        harness.client().configMaps().inNamespace("shop").withName("vsid-bundle-example").get();
    assertThat(dataBytes(cm))
        .as("bundle ConfigMap data, bytes")
        .isLessThanOrEqualTo(KUBERNETES_OBJECT_DATA_LIMIT);
    FederatedTrustDomain after = ftd("huge");
    assertThat(after.getStatus().getBundle()).isEqualTo(goodBundle);
    assertThat(after.getStatus().getLastError()).isNotNull();
  }

  /**
   * An endpoint that always fails, and one that asks to be polled continuously (refresh hint 0),
   * are each asked at most a few times in 25 s: the first try, then 10 s backoff doubling / the 10
   * s minimum interval.
   */
  @Test
  void aFailingOrImpatientEndpointIsNotHammered() {
    TrustDomainName failing = new TrustDomainName("failing.test");
    CertificateAuthority failingCa = ca(failing);
    AtomicInteger failingRequests = new AtomicInteger();
    String failingUrl = serve(failing, failingCa, () -> count(failingRequests, null));
    endpointFederated("failing", failing, failingUrl, failingCa);

    TrustDomainName eager = new TrustDomainName("eager.test");
    CertificateAuthority eagerCa = ca(eager);
    AtomicInteger eagerRequests = new AtomicInteger();
    TrustBundle eagerBundle =
        TrustBundle.of(eager, List.of(eagerCa.certificate())).withRefreshHint(Duration.ZERO);
    String eagerUrl = serve(eager, eagerCa, () -> count(eagerRequests, eagerBundle));
    endpointFederated("eager", eager, eagerUrl, eagerCa);

    sleep(Duration.ofSeconds(25));

    assertThat(failingRequests.get()).as("requests to the failing endpoint").isBetween(1, 3);
    assertThat(eagerRequests.get()).as("requests to the refresh-hint-0 endpoint").isBetween(1, 4);
    assertThat(ftd("failing").getStatus().getLastError()).contains("503");
    assertThat(ftd("eager").getStatus().getRefreshHint()).isEqualTo("10s");
    long warnings =
        harness.client().v1().events().inAnyNamespace().list().getItems().stream()
            .filter(e -> "failing".equals(e.getInvolvedObject().getName()))
            .count();
    assertThat(warnings).as("Events about the failing endpoint").isLessThanOrEqualTo(3);
  }

  /**
   * Two FederatedTrustDomains name partner.org: only the older one's bundle reaches workloads, so
   * the younger one must not say its bundle is in use.
   */
  @Test
  void aSecondFederatedTrustDomainForTheSameTrustDomainDoesNotClaimItsBundleIsInUse() {
    TrustDomainName partner = new TrustDomainName("partner.org");
    CertificateAuthority first = ca(partner);
    CertificateAuthority second = ca(partner);
    pemFederated("partner-first", "partner.org", pem(first));
    await().atMost(OperatorHarness.WAIT).until(() -> ready("partner-first") != null);
    sleep(Duration.ofMillis(1100)); // a later creationTimestamp
    pemFederated("partner-second", "partner.org", pem(second));
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setFederatesWith(List.of("partner.org"));
        });
    harness.createIdentity("shop", "web", s -> {});
    harness.awaitIdentityReady("shop", "web");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              Secret s = harness.secret("shop", "web");
              return s != null && s.getData().containsKey("federated.partner.org.crt");
            });
    assertThat(OperatorHarness.text(harness.secret("shop", "web"), "federated.partner.org.crt"))
        .isEqualTo(pem(first));
    await().atMost(OperatorHarness.WAIT).until(() -> ready("partner-second") != null);

    Condition shadowed = ready("partner-second");
    assertThat(shadowed.getMessage() + " (" + shadowed.getReason() + ")")
        .as("the younger FederatedTrustDomain's Ready condition")
        .doesNotContain("in use")
        .contains("partner-first");
  }

  /**
   * A FederatedTrustDomain that names a trust domain this cluster signs for (example.org) must not
   * replace that trust domain's own roots for the cluster's other trust domains: workloads of
   * other.org that federate with example.org must not trust a CA example.org never had.
   */
  @Test
  void aFederatedTrustDomainCannotSpeakForALocalTrustDomain() {
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
    CertificateAuthority impostor = ca(new TrustDomainName("example.org"));
    pemFederated("fake-example", "example.org", pem(impostor));
    harness.createTrustDomain(
        "other",
        spec -> {
          spec.setTrustDomain("other.org");
          spec.setFederatesWith(List.of("example.org"));
        });
    harness.createIdentity("shop", "web", s -> s.setTrustDomain("other"));
    harness.awaitIdentityReady("shop", "web");
    sleep(Duration.ofSeconds(3));

    String impostorLine = pem(impostor).split("\n")[2];
    Secret secret = harness.secret("shop", "web");
    assertThat(textOrEmpty(secret, "federated.example.org.crt")).doesNotContain(impostorLine);
    assertThat(textOrEmpty(secret, "all-roots.crt")).doesNotContain(impostorLine);
  }

  /**
   * Tenant-side tricks that must hold: federatesWith naming the own trust domain and duplicates,
   * trust keys planted or edited in the SVID Secret and bundle ConfigMap.
   */
  @Test
  void tenantTricksWithFederatesWithAndTrustKeysAreHarmless() {
    CertificateAuthority partner = ca(new TrustDomainName("partner.org"));
    pemFederated("partner", "partner.org", pem(partner));
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setFederatesWith(List.of("partner.org", "example.org"));
        });
    harness.createIdentity(
        "shop",
        "web",
        s -> s.setFederatesWith(List.of("example.org", "partner.org", "partner.org")));
    harness.awaitIdentityReady("shop", "web");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              Secret s = harness.secret("shop", "web");
              return s != null && s.getData().containsKey("federated.partner.org.crt");
            });
    Secret good = harness.secret("shop", "web");
    assertThat(good.getData()).doesNotContainKey("federated.example.org.crt");
    Map<String, String> goodData = Map.copyOf(good.getData());

    CertificateAuthority evil = ca(new TrustDomainName("evil.org"));
    String evilB64 = Base64.getEncoder().encodeToString(pem(evil).getBytes(StandardCharsets.UTF_8));
    harness
        .client()
        .secrets()
        .inNamespace("shop")
        .withName("web")
        .edit(
            s -> {
              s.getData().put("federated.evil.org.crt", evilB64);
              s.getData().put("federated.partner.org.crt", evilB64);
              s.getData().put("all-roots.crt", evilB64);
              return s;
            });
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> goodData.equals(harness.secret("shop", "web").getData()));

    ConfigMap cm =
        harness.client().configMaps().inNamespace("shop").withName("vsid-bundle-example").get();
    Map<String, String> goodCm = Map.copyOf(cm.getData());
    harness
        .client()
        .configMaps()
        .inNamespace("shop")
        .withName("vsid-bundle-example")
        .edit(
            c -> {
              c.getData().put("federated.evil.org.crt", pem(evil));
              c.getData().put("federated.evil.org.json", "{}");
              c.getData().put("all-roots.crt", pem(evil));
              return c;
            });
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                goodCm.equals(
                    harness
                        .client()
                        .configMaps()
                        .inNamespace("shop")
                        .withName("vsid-bundle-example")
                        .get()
                        .getData()));
  }

  /**
   * A tenant's ConfigMap cannot be a bundle source at all: whoever edits it would choose the roots
   * workloads trust. Only ConfigMaps of the operator's namespace are read.
   */
  @Test
  void aConfigMapOutsideTheOperatorNamespaceIsNeverReadAsABundle() {
    CertificateAuthority partner = ca(new TrustDomainName("partner.org"));
    harness
        .client()
        .configMaps()
        .inNamespace("shop")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tenant-bundle")
                .withNamespace("shop")
                .endMetadata()
                .withData(Map.of("bundle", pem(partner)))
                .build())
        .create();
    ConfigMapKeyRef ref = new ConfigMapKeyRef();
    ref.setNamespace("shop");
    ref.setName("tenant-bundle");
    ref.setKey("bundle");
    federated("from-tenant", "partner.org", source -> source.setConfigMap(ref));

    await().atMost(OperatorHarness.WAIT).until(() -> ready("from-tenant") != null);
    Condition c = ready("from-tenant");
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getMessage()).contains("operator's namespace").contains("\"shop\"");
    assertThat(ftd("from-tenant").getStatus().getBundle()).isNull();
  }

  /**
   * A botched ConfigMap named as a FederatedTrustDomain's source: what is written there reaches
   * status, Events and logs only cut and on one line, and a private key in it is named, never
   * copied.
   */
  @Test
  void aTenantConfigMapSourceLeaksNoKeyAndNoLongText() throws Exception {
    CertificateAuthority partner = ca(new TrustDomainName("partner.org"));
    String keyPem = privateKeyPem(partner);
    String keyBody = keyPem.split("\n")[1];
    tenantConfigMap("bundle.pem", pem(partner) + keyPem);
    tenantConfigMap("garbage", "{\"keys\":[" + "x".repeat(200_000) + "\n\u202eevil]}");
    tenantConfigMap(
        "jwk-with-d",
        "{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"crv\":\"P-256\",\"d\":\""
            + keyBody
            + "\"}]}");
    for (String name : List.of("bundle.pem", "garbage", "jwk-with-d")) {
      String ftdName = "t-" + name.replace('.', '-');
      configMapFederated(ftdName, "partner.org", name);
    }
    for (String name : List.of("t-bundle-pem", "t-garbage", "t-jwk-with-d")) {
      await().atMost(OperatorHarness.WAIT).until(() -> ready(name) != null);
      Condition c = ready(name);
      assertThat(c.getStatus()).as(name).isEqualTo(Condition.FALSE);
      assertThat(c.getMessage().contains(keyBody)).as(name + " message holds the key").isFalse();
      assertThat(c.getMessage()).as(name).doesNotContain("\n");
      assertThat(c.getMessage().length()).as(name + " message length").isLessThan(1000);
      assertThat(ftd(name).getStatus().getBundle()).as(name).isNull();
    }
    harness.client().v1().events().inAnyNamespace().list().getItems().stream()
        .forEach(
            e -> {
              assertThat(e.getMessage().contains(keyBody)).as("an Event holds the key").isFalse();
              assertThat(e.getMessage()).hasSizeLessThan(2000).doesNotContain("\u202e");
            });
  }

  /**
   * The endpoint serves sequence 5, then a bundle without a sequence, then sequence 1 (an old
   * bundle replayed, or a server restored from an old backup). The client keeps the last sequence
   * across a bundle without one ({@code FetchState.after}); the operator must too, and refuse 1.
   */
  @Test
  void aBundleWithoutSequenceDoesNotResetTheSequenceCheck() {
    TrustDomainName td = new TrustDomainName("seq.test");
    CertificateAuthority ca = ca(td);
    TrustBundle base =
        TrustBundle.of(td, List.of(ca.certificate())).withRefreshHint(Duration.ofSeconds(10));
    AtomicReference<TrustBundle> served = new AtomicReference<>(base.withSequence(5));
    AtomicInteger requests = new AtomicInteger();
    String url = serve(td, ca, () -> count(requests, served.get()));
    endpointFederated("seq", td, url, ca);
    await().atMost(OperatorHarness.WAIT).until(() -> ready("seq") != null);
    assertThat(ftd("seq").getStatus().getSequence()).isEqualTo(5L);

    served.set(base);
    int before = requests.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() > before);
    sleep(Duration.ofSeconds(2));
    assertThat(ftd("seq").getStatus().getLastError()).isNull();

    CertificateAuthority old = ca(td);
    served.set(
        TrustBundle.of(td, List.of(old.certificate()))
            .withRefreshHint(Duration.ofSeconds(10))
            .withSequence(1));
    int again = requests.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() > again);
    sleep(Duration.ofSeconds(2));

    FederatedTrustDomain after = ftd("seq");
    assertThat(after.getStatus().getLastError()).as("lastError").isNotNull().contains("sequence 1");
    assertThat(after.getStatus().getRootFingerprints())
        .as("the replayed bundle's root is not in use")
        .doesNotContain(dev.vsid.operator.pki.Fingerprints.sha256(old.certificate()));
  }

  /** A refresh hint of Long.MAX_VALUE seconds is clamped to 24 h and breaks nothing. */
  @Test
  void aHugeRefreshHintIsClampedToOneDay() {
    TrustDomainName td = new TrustDomainName("late.test");
    CertificateAuthority ca = ca(td);
    TrustBundle bundle =
        TrustBundle.of(td, List.of(ca.certificate()))
            .withRefreshHint(Duration.ofSeconds(Long.MAX_VALUE));
    String url = serve(td, ca, () -> bundle);
    endpointFederated("late", td, url, ca);
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setFederatesWith(List.of("late.test"));
        });
    await().atMost(OperatorHarness.WAIT).until(() -> ready("late") != null);
    assertThat(ready("late").getStatus()).isEqualTo(Condition.TRUE);
    assertThat(ftd("late").getStatus().getRefreshHint()).isEqualTo("24h");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              ConfigMap cm =
                  harness
                      .client()
                      .configMaps()
                      .inNamespace("shop")
                      .withName("vsid-bundle-example")
                      .get();
              return cm != null && cm.getData().containsKey("federated.late.test.json");
            });
  }

  /**
   * Slow foreign endpoints (each answers a valid bundle after 9 s, within the 10 s read timeout,
   * and asks to be polled every 10 s) must not hold the reconcile threads every controller shares:
   * an identity created while twelve fetches are waiting on them (more than there are reconcile
   * threads) is issued about as fast as one created before, and before any slow endpoint answered.
   */
  @Test
  void slowForeignEndpointsDoNotStarveIssuance() {
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
    Duration quiet = timeToIssue("early");

    AtomicInteger requests = new AtomicInteger();
    List<ServedTrustDomain> served = new ArrayList<>();
    List<CertificateAuthority> cas = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TrustDomainName td = new TrustDomainName("slow" + i + ".test");
      CertificateAuthority ca = ca(td);
      cas.add(ca);
      TrustBundle bundle =
          TrustBundle.of(td, List.of(ca.certificate())).withRefreshHint(Duration.ofSeconds(10));
      ServingCredential credential =
          ServingCredential.of(
              svid(ca, SpiffeId.parse("spiffe://" + td.name() + "/bundle-endpoint")));
      served.add(
          new ServedTrustDomain(
              td,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              Profile.HTTPS_SPIFFE,
              () -> {
                requests.incrementAndGet();
                sleep(Duration.ofSeconds(9));
                return bundle;
              },
              () -> credential));
    }
    BundleEndpointServer server;
    try {
      server = BundleEndpointServer.start(served, ServerSettings.DEFAULTS.withWorkerThreads(16));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    servers.add(server);
    for (int i = 0; i < 12; i++) {
      TrustDomainName td = served.get(i).trustDomain();
      endpointFederated("slow" + i, td, server.url(td).toString(), cas.get(i));
    }
    await().atMost(OperatorHarness.WAIT).until(() -> requests.get() >= 4);

    Duration busy = timeToIssue("web");
    List<String> answered =
        IntStream.range(0, 12)
            .mapToObj(i -> "slow" + i)
            .filter(name -> ftd(name).getStatus() != null)
            .toList();

    assertThat(busy)
        .as("time to issue an SVID while 12 foreign endpoints are slow; %s without them", quiet)
        .isLessThan(quiet.plus(Duration.ofSeconds(2)));
    assertThat(answered).as("FederatedTrustDomains whose slow endpoint had answered").isEmpty();
  }

  private Duration timeToIssue(String name) {
    long start = System.nanoTime();
    harness.createIdentity("shop", name, s -> {});
    harness.awaitIdentityReady("shop", name);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  // --- helpers

  private void tenantConfigMap(String key, String value) {
    harness
        .client()
        .configMaps()
        .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tenant-" + key.replace('.', '-'))
                .withNamespace(OperatorHarness.OPERATOR_NAMESPACE)
                .endMetadata()
                .withData(Map.of("bundle", value))
                .build())
        .create();
  }

  private void configMapFederated(String name, String trustDomain, String key) {
    ConfigMapKeyRef ref = new ConfigMapKeyRef();
    ref.setNamespace(OperatorHarness.OPERATOR_NAMESPACE);
    ref.setName("tenant-" + key.replace('.', '-'));
    ref.setKey("bundle");
    federated(name, trustDomain, source -> source.setConfigMap(ref));
  }

  private static String privateKeyPem(CertificateAuthority ca) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getEncoder().encodeToString(ca.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static TrustBundle count(AtomicInteger counter, TrustBundle bundle) {
    counter.incrementAndGet();
    return bundle;
  }

  private String serve(
      TrustDomainName td,
      CertificateAuthority ca,
      java.util.function.Supplier<TrustBundle> bundle) {
    SpiffeId id = SpiffeId.parse("spiffe://" + td.name() + "/bundle-endpoint");
    ServingCredential credential = ServingCredential.of(svid(ca, id));
    ServedTrustDomain served =
        new ServedTrustDomain(
            td,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Profile.HTTPS_SPIFFE,
            bundle,
            () -> credential);
    try {
      BundleEndpointServer server =
          BundleEndpointServer.start(List.of(served), ServerSettings.DEFAULTS);
      servers.add(server);
      return server.url(td).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void endpointFederated(
      String name, TrustDomainName td, String url, CertificateAuthority ca) {
    BundleEndpointSpec endpoint = new BundleEndpointSpec();
    endpoint.setUrl(url);
    endpoint.setProfile("https_spiffe");
    endpoint.setSpiffeId("spiffe://" + td.name() + "/bundle-endpoint");
    BundleDocument initial = new BundleDocument();
    initial.setPem(pem(ca));
    endpoint.setInitialBundle(initial);
    federated(name, td.name(), source -> source.setEndpoint(endpoint));
  }

  private void pemFederated(String name, String trustDomain, String pem) {
    federated(name, trustDomain, source -> source.setPem(pem));
  }

  private void federated(String name, String trustDomain, Consumer<BundleSource> edit) {
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(new ObjectMetaBuilder().withName(name).build());
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain(trustDomain);
    BundleSource source = new BundleSource();
    edit.accept(source);
    spec.setBundle(source);
    ftd.setSpec(spec);
    harness.client().resource(ftd).create();
  }

  private FederatedTrustDomain ftd(String name) {
    return harness.client().resources(FederatedTrustDomain.class).withName(name).get();
  }

  private Condition ready(String name) {
    FederatedTrustDomain ftd = ftd(name);
    if (ftd == null || ftd.getStatus() == null) {
      return null;
    }
    return Conditions.find(ftd.getStatus().getConditions(), Condition.READY).orElse(null);
  }

  private static CertificateAuthority ca(TrustDomainName td) {
    return CertificateAuthority.generateRoot(
        td, KeyType.EC_P256, Duration.ofDays(2), Clock.systemUTC());
  }

  private static Svid svid(CertificateAuthority ca, SpiffeId id) {
    try {
      return new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(30))
          .issue(new SvidRequest(id, List.of(), KeyType.EC_P256, Duration.ofHours(1)), ca);
    } catch (PkiException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static String pem(CertificateAuthority ca) {
    return PemBundle.write(TrustBundle.of(ca.trustDomain(), List.of(ca.certificate())));
  }

  private static String textOrEmpty(Secret secret, String key) {
    return secret.getData().containsKey(key) ? OperatorHarness.text(secret, key) : "";
  }

  private static long dataBytes(Secret secret) {
    return secret.getData().values().stream()
        .mapToLong(v -> Base64.getDecoder().decode(v).length)
        .sum();
  }

  private static long dataBytes(ConfigMap cm) {
    return cm.getData().values().stream()
        .mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
