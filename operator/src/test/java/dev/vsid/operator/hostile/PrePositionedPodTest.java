package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant who may create pods in "shop" but not WorkloadIdentities guesses the name of a Secret an
 * administrator will create an identity for, and creates a pod (service account "default") that
 * mounts it before it exists. Nothing names the Secret yet, so the webhook admits the pod; the
 * kubelet keeps retrying the mount, and the pod starts with the SVID as soon as the operator writes
 * it. The webhook only sees pods at admission, so the operator looks for such pods itself before it
 * creates an SVID Secret, and refuses the name while one runs.
 */
class PrePositionedPodTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorHarness harness =
      new OperatorHarness(
          settings ->
              settings.withWebhook(
                  WebhookSettings.disabled()
                      .withEnabled(true)
                      .withListener("127.0.0.1", 0)
                      .withCheckInterval(Duration.ofMillis(200))));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void anSvidIsNotWrittenIntoASecretThatAPodOfAnotherServiceAccountAlreadyMounts()
      throws Exception {
    harness.createTrustDomain("example", "example.org");
    Pod squatter =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("squatter")
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("default")
            .addNewContainer()
            .withName("app")
            .withImage("registry.example/app:1")
            .endContainer()
            .addNewVolume()
            .withName("stolen")
            .withNewSecret()
            .withSecretName("payments-api")
            .endSecret()
            .endVolume()
            .endSpec()
            .build();
    assertThat(admitted(squatter)).as("nothing names the Secret yet").isTrue();
    harness.client().pods().inNamespace("shop").resource(squatter).create();

    harness.createIdentity("shop", "payments-api", spec -> spec.setServiceAccountName("api"));

    WorkloadIdentity refused =
        harness.awaitIdentity("shop", "payments-api", Condition.FALSE, Reasons.SECRET_IN_USE);
    assertThat(
            Conditions.find(refused.getStatus().getConditions(), Condition.READY)
                .orElseThrow()
                .getMessage())
        .contains("pod squatter (service account default")
        .contains("spec.secretName");
    assertThat(harness.secret("shop", "payments-api"))
        .as("the SVID of service account api must not reach a pod running as default")
        .isNull();

    harness.client().pods().inNamespace("shop").withName("squatter").delete();
    harness.clock().advance(Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> harness.secret("shop", "payments-api") != null);
  }

  private boolean admitted(Pod pod) throws Exception {
    String name = WebhookSettings.DEFAULT_CONFIGURATION_NAME;
    var configurations =
        harness.client().admissionRegistration().v1().validatingWebhookConfigurations();
    await().atMost(OperatorHarness.WAIT).until(() -> configurations.withName(name).get() != null);
    String caBundle =
        new String(
            Base64.getDecoder()
                .decode(
                    configurations
                        .withName(name)
                        .get()
                        .getWebhooks()
                        .get(0)
                        .getClientConfig()
                        .getCaBundle()),
            StandardCharsets.UTF_8);
    WebhookClient client =
        new WebhookClient(
            harness.operator().webhookAddress().orElseThrow(),
            caBundle,
            "vsid-operator-webhook.vsid-system.svc",
            harness.clock());
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.put("namespace", "shop");
    request.put("operation", "CREATE");
    request.set("object", JSON.valueToTree(pod));
    WebhookClient.Response response = client.post("/validate-pods", review.toString());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("response").path("allowed").asBoolean();
  }
}
