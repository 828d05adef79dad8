package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.testing.MockCluster;
import dev.vsid.operator.testing.MutableClock;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two replicas started at the same moment on one API race to create the webhook's Secrets; they end
 * serving one certificate, from one CA, which the configuration's caBundle vouches for.
 */
class TwoReplicasShareOneCertificateTest {
  // Long enough that both replicas, started together on a busy machine, read before either writes.
  // The mock server answers requests one at a time, so the first read, held this long, holds the
  // whole server: the second replica's read must arrive meanwhile (2.5 s was too short on a machine
  // running several builds).
  private static final Duration SLOW = Duration.ofSeconds(4);
  private final MockCluster cluster = new MockCluster();
  private final MutableClock clock = new MutableClock();
  private final List<VsidOperator> operators = new ArrayList<>();

  @AfterEach
  void stop() {
    operators.forEach(VsidOperator::close);
    cluster.close();
  }

  @RepeatedTest(3)
  void replicasRacingToCreateTheCertificateEndWithOne() throws Exception {
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("vsid-system").endMetadata().build())
        .create();
    OperatorSettings settings =
        WebhookTesting.on(
            OperatorSettings.defaults("vsid-system")
                .withServerSideApply(false)
                .withRecheckInterval(Duration.ofSeconds(5)));
    // Both replicas read "no Secret" before either writes one.
    cluster.delayNext(r -> r.startsWith("GET ") && r.contains("/secrets/vsid-webhook-ca"), SLOW, 2);
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    var a = CompletableFuture.runAsync(() -> start("replica-a", settings, together), threads);
    var b = CompletableFuture.runAsync(() -> start("replica-b", settings, together), threads);
    a.join();
    b.join();
    threads.shutdown();

    for (String agent : List.of("replica-a", "replica-b")) {
      assertThat(cluster.writesBy(agent, r -> r.startsWith("POST ") && r.contains("/secrets")))
          .as("creations tried by " + agent)
          .isNotEmpty();
    }

    var secrets = cluster.client().secrets().inNamespace("vsid-system").list().getItems();
    assertThat(secrets)
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("vsid-webhook-ca", "vsid-webhook-tls");
    String stored =
        Pem.parseCertificates(
                OperatorHarness.text(
                    cluster
                        .client()
                        .secrets()
                        .inNamespace("vsid-system")
                        .withName("vsid-webhook-tls")
                        .get(),
                    "tls.crt"))
            .get(0)
            .getSerialNumber()
            .toString(16);
    String caBundle = caBundle();
    assertThat(Pem.parseCertificates(caBundle)).hasSize(1);
    for (VsidOperator operator : operators) {
      var client =
          new WebhookClient(
              operator.webhookAddress().orElseThrow(),
              caBundle,
              WebhookTesting.SERVICE_HOST,
              clock);
      String review = Reviews.create(Reviews.uid(), Reviews.pod("shop").build());
      assertThat(client.post(ReviewEndpoint.PATH, review).serial()).isEqualTo(stored);
    }
  }

  private void start(String agent, OperatorSettings settings, CyclicBarrier together) {
    VsidOperator operator = new VsidOperator(cluster.newClient(agent), settings, clock);
    synchronized (operators) {
      operators.add(operator);
    }
    try {
      together.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    operator.start();
  }

  private String caBundle() {
    var configuration =
        cluster
            .client()
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(WebhookTesting.CONFIGURATION)
            .get();
    String base64 = configuration.getWebhooks().get(0).getClientConfig().getCaBundle();
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
