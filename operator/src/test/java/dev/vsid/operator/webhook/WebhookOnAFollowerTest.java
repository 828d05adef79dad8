package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.config.LeaderElectionSettings;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.testing.MockCluster;
import dev.vsid.operator.testing.MutableClock;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With leader election on, the replica that does not lead answers reviews as the leader does. */
class WebhookOnAFollowerTest {
  private final MockCluster cluster = new MockCluster();
  private final MutableClock clock = new MutableClock();
  private final List<VsidOperator> operators = new ArrayList<>();

  @AfterEach
  void stop() {
    operators.forEach(VsidOperator::close);
    cluster.close();
  }

  @Test
  void everyReplicaJudgesPodsFromItsOwnWarmCaches() throws Exception {
    for (String ns : List.of("vsid-system", "shop")) {
      cluster
          .client()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    cluster.allowLeases("get", "create", "update");
    createIdentity("web");
    VsidOperator a = start("replica-a");
    VsidOperator b = start("replica-b");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeading() || b.isLeading());
    VsidOperator follower = a.isLeading() ? b : a;
    assertThat(follower.isLeading()).isFalse();

    WebhookClient client =
        new WebhookClient(
            follower.webhookAddress().orElseThrow(),
            caBundle(),
            WebhookTesting.SERVICE_HOST,
            clock);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(verdict(client, "other").path("status").path("code").asInt())
                    .isEqualTo(403));
    assertThat(verdict(client, "web").path("allowed").asBoolean()).isTrue();
  }

  private JsonNode verdict(WebhookClient client, String serviceAccount) throws Exception {
    var pod =
        Reviews.pod("shop")
            .editSpec()
            .withServiceAccountName(serviceAccount)
            .addNewVolume()
            .withName("svid")
            .withNewSecret()
            .withSecretName("web")
            .endSecret()
            .endVolume()
            .endSpec()
            .build();
    return Reviews.response(
        client.post(ReviewEndpoint.PATH, Reviews.create(Reviews.uid(), pod)).body());
  }

  private VsidOperator start(String identity) {
    LeaderElectionSettings election =
        LeaderElectionSettings.disabled("vsid-system")
            .withEnabled(true)
            .withIdentity(identity)
            .withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500))
            .withExitOnStopLeading(false);
    OperatorSettings settings =
        WebhookTesting.on(
            OperatorSettings.defaults("vsid-system")
                .withServerSideApply(false)
                .withLeaderElection(election));
    VsidOperator operator = new VsidOperator(cluster.newClient(identity), settings, clock);
    operators.add(operator);
    operator.start();
    return operator;
  }

  private void createIdentity(String name) {
    WorkloadIdentity wi = new WorkloadIdentity();
    wi.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
    WorkloadIdentitySpec spec = new WorkloadIdentitySpec();
    spec.setTrustDomain("example");
    spec.setServiceAccountName(name);
    wi.setSpec(spec);
    cluster.client().resource(wi).create();
  }

  private String caBundle() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster
                        .client()
                        .admissionRegistration()
                        .v1()
                        .validatingWebhookConfigurations()
                        .withName(WebhookTesting.CONFIGURATION)
                        .get()
                    != null);
    String base64 =
        cluster
            .client()
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(WebhookTesting.CONFIGURATION)
            .get()
            .getWebhooks()
            .get(0)
            .getClientConfig()
            .getCaBundle();
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
