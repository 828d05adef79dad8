package dev.vsid.operator.newcomer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.schema.CrdSchemas;
import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer checks the README's "Pod binding webhook" section: the denial it shows, the pod of
 * "Trust bundles in every namespace" that it should let through, and the Service the configuration
 * points at.
 */
class ReadmeWebhookExampleTest {
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
  void thePodOfTheReadmeIsDeniedWithTheMessageTheReadmeShows(@TempDir Path dir) throws Exception {
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    harness.awaitIdentityReady("shop", "web");
    WebhookClient client = client();

    // The README's denial: a pod with no serviceAccountName mounting Secret web as volume svid.
    Pod noAccount = readmeDeployment(dir);
    noAccount.getSpec().setServiceAccountName(null);
    JsonNode denied = answer(client, noAccount);
    assertThat(denied.path("allowed").asBoolean()).isFalse();
    String message = denied.path("status").path("message").asText();
    assertThat(
            "admission webhook \""
                + configuration().getWebhooks().get(0).getName()
                + "\" denied the request: "
                + message)
        .isEqualTo(readmeDenial());

    // The Deployment of "Trust bundles in every namespace" runs as web: allowed.
    assertThat(answer(client, readmeDeployment(dir)).path("allowed").asBoolean()).isTrue();
  }

  @Test
  void theConfigurationCallsTheServiceAndPortTheReadmeNames() {
    await().atMost(OperatorHarness.WAIT).until(() -> configuration() != null);
    ValidatingWebhook webhook = configuration().getWebhooks().get(0);
    var service = webhook.getClientConfig().getService();

    assertThat(service.getNamespace()).isEqualTo(OperatorHarness.OPERATOR_NAMESPACE);
    assertThat(service.getName()).isEqualTo("vsid-operator-webhook");
    assertThat(service.getPort()).isEqualTo(443);
    assertThat(service.getPath()).isEqualTo("/validate-pods");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getNamespaceSelector().getMatchExpressions().get(0).getValues())
        .containsExactlyInAnyOrder("kube-system", OperatorHarness.OPERATOR_NAMESPACE);
  }

  /** The pod template of the README's Deployment that mounts the SVID and the bundle. */
  private static Pod readmeDeployment(Path dir) throws Exception {
    String readme = Files.readString(CrdSchemas.repoRoot().resolve("README.md"));
    Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (block.find()) {
      if (block.group(1).contains("kind: Deployment")) {
        Path file = dir.resolve("deployment.yaml");
        Files.writeString(file, block.group(1));
        JsonNode deployment = CrdSchemas.readYaml(file).get(0);
        Pod pod = JSON.treeToValue(deployment.at("/spec/template"), Pod.class);
        return new PodBuilder(pod)
            .editMetadata()
            .withNamespace(deployment.at("/metadata/namespace").asText())
            .withGenerateName("web-")
            .endMetadata()
            .build();
      }
    }
    throw new AssertionError("no Deployment in README.md");
  }

  /** The README's denial text after "Error from server (Forbidden): ", on one line. */
  private static String readmeDenial() throws Exception {
    String readme = Files.readString(CrdSchemas.repoRoot().resolve("README.md"));
    Matcher m =
        Pattern.compile("```\\nError from server \\(Forbidden\\): (.*?)\\n```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("the denial example in README.md").isTrue();
    return m.group(1).replace("\n", " ");
  }

  private ValidatingWebhookConfiguration configuration() {
    return harness
        .client()
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WebhookSettings.DEFAULT_CONFIGURATION_NAME)
        .get();
  }

  private WebhookClient client() {
    await().atMost(OperatorHarness.WAIT).until(() -> configuration() != null);
    String caBundle =
        new String(
            Base64.getDecoder()
                .decode(configuration().getWebhooks().get(0).getClientConfig().getCaBundle()),
            StandardCharsets.UTF_8);
    return new WebhookClient(
        harness.operator().webhookAddress().orElseThrow(),
        caBundle,
        "vsid-operator-webhook.vsid-system.svc",
        harness.clock());
  }

  private static JsonNode answer(WebhookClient client, Pod pod) throws Exception {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.put("namespace", pod.getMetadata().getNamespace());
    request.put("operation", "CREATE");
    request.set("object", JSON.valueToTree(pod));
    WebhookClient.Response response = client.post("/validate-pods", review.toString());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("response");
  }
}
