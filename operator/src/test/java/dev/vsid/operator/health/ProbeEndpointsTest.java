package dev.vsid.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.config.LeaderElectionSettings;
import dev.vsid.operator.config.MetricsSettings;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.ProvidedCaFixtures;
import dev.vsid.operator.testing.MockCluster;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.Scrape;
import dev.vsid.operator.testing.Scrape.Answer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz} of operators running against the mock API server. */
class ProbeEndpointsTest {
  private static final String NAMESPACE = OperatorHarness.OPERATOR_NAMESPACE;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static OperatorSettings settings() {
    return OperatorSettings.defaults(NAMESPACE)
        .withServerSideApply(false)
        .withMetrics(MetricsSettings.on("127.0.0.1", 0));
  }

  private static void createNamespace(MockCluster cluster, String name) {
    cluster
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  @Test
  void notReadyUntilTheInformersHaveSyncedAndAliveMeanwhile() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      createNamespace(cluster, NAMESPACE);
      cluster.delayNext(
          r ->
              r.startsWith("GET /apis/vsid.dev/v1alpha1/workloadidentities")
                  && !r.contains("watch=true"),
          Duration.ofSeconds(3),
          1);
      VsidOperator operator =
          new VsidOperator(cluster.newClient("probe-test"), settings(), Clock.systemUTC());
      try {
        InetSocketAddress address = operator.metricsAddress().orElseThrow();
        CompletableFuture<Void> started = CompletableFuture.runAsync(operator::start);

        AtomicReference<Answer> alive = new AtomicReference<>();
        Answer starting =
            await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(
                    () -> {
                      alive.set(Scrape.get(address, "/healthz"));
                      return Scrape.get(address, "/readyz");
                    },
                    a -> a.body().contains("starting"));
        started.get();
        Answer ready = Scrape.get(address, "/readyz");

        assertThat(starting.status()).isEqualTo(503);
        assertThat(starting.body())
            .isEqualTo("controllers: failing: starting\ninformers: failing: not started\n");
        assertThat(alive.get().status()).as("starting is alive").isEqualTo(200);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body())
            .isEqualTo("controllers: ok\ninformers: ok\nleader: ok\ntrust domain CAs: ok\n");
      } finally {
        operator.close();
      }
      assertThat(operator.metricsAddress()).isPresent();
    }
  }

  @Test
  void notReadyWhileATrustDomainsCaCannotBeLoadedAndReadyOnceItCan() {
    try (OperatorHarness harness = new OperatorHarness()) {
      InetSocketAddress address = harness.operator().metricsAddress().orElseThrow();
      assertThat(Scrape.get(address, "/readyz").status()).isEqualTo(200);
      providedSecret(
          harness,
          Map.of(
              "tls.crt", base64("not a certificate"),
              "tls.key",
                  base64("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"),
              "ca.crt", base64("not a certificate")));

      harness.createTrustDomain(
          "example",
          spec -> {
            spec.setTrustDomain("example.org");
            CaSpec ca = new CaSpec();
            ca.setSecretName("org-ca");
            spec.setCa(ca);
          });
      harness.awaitTrustDomain("example", "False", "ProvidedCaInvalid");
      Answer refused = Scrape.get(address, "/readyz");
      Answer alive = Scrape.get(address, "/healthz");
      CertificateAuthority root = ProvidedCaFixtures.root("example.org", Duration.ofDays(60));
      providedSecret(harness, ProvidedCaFixtures.data(root));
      harness.awaitTrustDomain("example", "True", null);

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.body())
          .contains("trust domain CAs: failing: TrustDomain example (ProvidedCaInvalid)")
          .contains("informers: ok")
          .doesNotContain("BEGIN")
          .doesNotContain("not a key");
      assertThat(alive.status()).isEqualTo(200);
      assertThat(alive.body()).isEqualTo("controllers: ok\ninformers: ok\n");
      await().atMost(WAIT).until(() -> Scrape.get(address, "/readyz").status() == 200);
    }
  }

  @Test
  void twoReplicasAreBothReadyOnceALeaderIsKnownAndTheFollowerTakesOver() {
    try (MockCluster cluster = new MockCluster()) {
      createNamespace(cluster, NAMESPACE);
      cluster.allowLeases("get", "create", "update");
      VsidOperator a = replica(cluster, "replica-a");
      VsidOperator b = replica(cluster, "replica-b");
      try {
        a.start();
        b.start();
        await().atMost(WAIT).until(() -> a.isLeading() || b.isLeading());
        VsidOperator leader = a.isLeading() ? a : b;
        VsidOperator follower = leader == a ? b : a;
        InetSocketAddress followerAddress = follower.metricsAddress().orElseThrow();
        for (VsidOperator replica : List.of(a, b)) {
          InetSocketAddress address = replica.metricsAddress().orElseThrow();
          await().atMost(WAIT).until(() -> Scrape.get(address, "/readyz").status() == 200);
        }
        Answer followerReady = Scrape.get(followerAddress, "/readyz");
        Double followerLeads = Scrape.value(Scrape.metrics(followerAddress), "vsid_leader");
        Double leaderLeads =
            Scrape.value(Scrape.metrics(leader.metricsAddress().orElseThrow()), "vsid_leader");

        leader.close();
        await().atMost(WAIT).until(follower::isLeading);

        assertThat(followerReady.body()).contains("leader: ok").contains("trust domain CAs: ok");
        assertThat(followerLeads).isZero();
        assertThat(leaderLeads).isEqualTo(1.0);
        await().atMost(WAIT).until(() -> Scrape.get(followerAddress, "/readyz").status() == 200);
        assertThat(Scrape.get(followerAddress, "/healthz").status()).isEqualTo(200);
      } finally {
        a.close();
        b.close();
      }
    }
  }

  @Test
  void onlyTheThreePathsAreServedAndOnlyToGetAndHead() {
    try (OperatorHarness harness = new OperatorHarness()) {
      InetSocketAddress address = harness.operator().metricsAddress().orElseThrow();

      assertThat(Scrape.get(address, "/metrics/extra").status()).isEqualTo(404);
      assertThat(Scrape.get(address, "/").status()).isEqualTo(404);
      assertThat(Scrape.get(address, "/healthz").status()).isEqualTo(200);
      assertThat(Scrape.get(address, "/metrics").body()).contains("# TYPE vsid_leader gauge");
    }
  }

  private static VsidOperator replica(MockCluster cluster, String identity) {
    LeaderElectionSettings election =
        LeaderElectionSettings.disabled(NAMESPACE)
            .withEnabled(true)
            .withIdentity(identity)
            .withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500))
            .withExitOnStopLeading(false);
    return new VsidOperator(
        cluster.newClient("vsid-test/" + identity),
        settings().withLeaderElection(election),
        Clock.systemUTC());
  }

  private static void providedSecret(OperatorHarness harness, Map<String, String> data) {
    harness
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("org-ca")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(data)
                .build())
        .createOr(existing -> existing.update());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
