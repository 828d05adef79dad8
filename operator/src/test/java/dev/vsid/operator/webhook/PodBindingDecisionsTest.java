package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator's webhook, over HTTPS on loopback, judging pods in namespace shop: identity web
 * (service account web, Secret web, written), cart (service account cart, Secret cart-svid,
 * written), pending (service account pending, Secret pending, never written: its trust domain does
 * not exist), a plain Secret db-password, and a Secret stray with the SVID labels and no owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodBindingDecisionsTest {
  private OperatorHarness harness;
  private WebhookClient client;

  @BeforeAll
  void startOperatorWithIdentities() {
    harness = new OperatorHarness(WebhookTesting::on);
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    harness.createIdentity("shop", "cart", spec -> spec.setSecretName("cart-svid"));
    harness.createIdentity("shop", "pending", spec -> spec.setTrustDomain("nowhere"));
    harness.awaitIdentityReady("shop", "web");
    harness.awaitIdentityReady("shop", "cart");
    plainSecret("db-password", Map.of());
    plainSecret(
        "stray", Map.of(Labels.COMPONENT, Labels.SVID, Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE));
    client = WebhookTesting.client(harness);
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  @Test
  void aPodOfTheIdentitysServiceAccountMayMountItsSecret() throws Exception {
    assertAllowed(volumePod("web", "web"));
    assertAllowed(volumePod("cart", "cart-svid"));
  }

  @Test
  void aPodOfAnotherServiceAccountIsDeniedWithAMessageSayingWhatToChange() throws Exception {
    String message = assertDenied(volumePod("cart", "web"));

    assertThat(message)
        .contains("Secret \"web\" (volume \"svid\")")
        .contains("WorkloadIdentity \"web\"")
        .contains("belongs to service account \"web\"")
        .contains("this pod runs as service account \"cart\"")
        .contains("run the pod as service account \"web\" (spec.serviceAccountName)");
  }

  @Test
  void aPodWithNoServiceAccountRunsAsDefault() throws Exception {
    Pod pod = volumePod(null, "web");

    assertThat(assertDenied(pod)).contains("this pod runs as service account \"default\"");
  }

  @Test
  void theDeprecatedServiceAccountFieldCountsWhenServiceAccountNameIsUnset() throws Exception {
    Pod pod = volumePod(null, "web");
    pod.getSpec().setServiceAccount("web");

    assertAllowed(pod);
  }

  @Test
  void aProjectedVolumeIsChecked() throws Exception {
    Pod pod =
        Reviews.pod("shop")
            .editSpec()
            .withServiceAccountName("cart")
            .addNewVolume()
            .withName("bundle")
            .withNewProjected()
            .addNewSource()
            .withNewSecret()
            .withName("web")
            .endSecret()
            .endSource()
            .endProjected()
            .endVolume()
            .endSpec()
            .build();

    assertThat(assertDenied(pod)).contains("projected volume \"bundle\"");
  }

  @Test
  void anEnvironmentVariableFromTheSecretIsChecked() throws Exception {
    Pod pod =
        Reviews.pod("shop")
            .editSpec()
            .withServiceAccountName("cart")
            .editFirstContainer()
            .addNewEnv()
            .withName("KEY")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName("web")
            .withKey("tls.key")
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    assertThat(assertDenied(pod)).contains("env \"KEY\" of container \"app\"");
  }

  @Test
  void envFromTheSecretIsChecked() throws Exception {
    Pod pod =
        Reviews.pod("shop")
            .editSpec()
            .withServiceAccountName("cart")
            .editFirstContainer()
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName("web")
            .endSecretRef()
            .endEnvFrom()
            .endContainer()
            .endSpec()
            .build();

    assertThat(assertDenied(pod)).contains("envFrom of container \"app\"");
  }

  @Test
  void initAndEphemeralContainersAreChecked() throws Exception {
    Pod init =
        Reviews.pod("shop")
            .editSpec()
            .withServiceAccountName("cart")
            .addNewInitContainer()
            .withName("setup")
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName("web")
            .endSecretRef()
            .endEnvFrom()
            .endInitContainer()
            .endSpec()
            .build();
    Pod ephemeral =
        Reviews.pod("shop")
            .editSpec()
            .withServiceAccountName("cart")
            .addNewEphemeralContainer()
            .withName("debug")
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName("web")
            .endSecretRef()
            .endEnvFrom()
            .endEphemeralContainer()
            .endSpec()
            .build();

    assertThat(assertDenied(init)).contains("init container \"setup\"");
    assertThat(assertDenied(ephemeral)).contains("ephemeral container \"debug\"");
    String added = Reviews.review(Reviews.uid(), "UPDATE", "ephemeralcontainers", ephemeral);
    assertThat(answer(added).path("allowed").asBoolean())
        .as("an ephemeral container added to a running pod")
        .isFalse();
  }

  @Test
  void otherUpdatesAndOperationsAreAllowed() throws Exception {
    Pod pod = volumePod("cart", "web");

    assertThat(answer(Reviews.review(Reviews.uid(), "UPDATE", "", pod)).path("allowed").asBoolean())
        .isTrue();
    assertThat(answer(Reviews.review(Reviews.uid(), "DELETE", "", pod)).path("allowed").asBoolean())
        .isTrue();
  }

  @Test
  void aSecretNotYetWrittenIsProtectedByTheIdentityThatDeclaresIt() throws Exception {
    assertThat(harness.secret("shop", "pending")).isNull();

    assertThat(assertDenied(volumePod("web", "pending")))
        .contains("WorkloadIdentity \"pending\"")
        .contains("service account \"pending\"");
    assertAllowed(volumePod("pending", "pending"));
  }

  @Test
  void aSecretThatHoldsNoSvidIsAllowedToAnyPod() throws Exception {
    assertAllowed(volumePod("cart", "db-password"));
    assertAllowed(volumePod(null, "no-such-secret"));
    assertAllowed(Reviews.pod("shop").build());
  }

  @Test
  void anSvidSecretWhoseIdentityIsGoneIsDenied() throws Exception {
    assertThat(assertDenied(volumePod("web", "stray"))).contains("no longer exists");
  }

  @Test
  void twoIdentitiesShareNothing() throws Exception {
    Pod both = volumePod("cart", "cart-svid");
    both.getSpec().getVolumes().add(volumePod("cart", "web").getSpec().getVolumes().get(0));

    assertAllowed(volumePod("cart", "cart-svid"));
    assertThat(assertDenied(volumePod("web", "cart-svid"))).contains("WorkloadIdentity \"cart\"");
    assertThat(assertDenied(both)).contains("WorkloadIdentity \"web\"");
  }

  @Test
  void theAnswerEchoesTheRequestUid() throws Exception {
    String uid = Reviews.uid();
    var response = client.post(ReviewEndpoint.PATH, Reviews.create(uid, volumePod("web", "web")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonNode review = Reviews.JSON.readTree(response.body());
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(review.path("response").path("uid").asText()).isEqualTo(uid);
  }

  private Pod volumePod(String serviceAccount, String secretName) {
    return Reviews.pod("shop")
        .editSpec()
        .withServiceAccountName(serviceAccount)
        .addNewVolume()
        .withName("svid")
        .withNewSecret()
        .withSecretName(secretName)
        .endSecret()
        .endVolume()
        .endSpec()
        .build();
  }

  private void assertAllowed(Pod pod) throws Exception {
    JsonNode response = answer(Reviews.create(Reviews.uid(), pod));
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
  }

  private String assertDenied(Pod pod) throws Exception {
    JsonNode response = answer(Reviews.create(Reviews.uid(), pod));
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    return response.path("status").path("message").asText();
  }

  private JsonNode answer(String review) throws Exception {
    WebhookClient.Response response = client.post(ReviewEndpoint.PATH, review);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode answer = Reviews.response(response.body());
    assertThat(answer.path("uid").asText())
        .isEqualTo(Reviews.JSON.readTree(review).path("request").path("uid").asText());
    return answer;
  }

  private void plainSecret(String name, Map<String, String> labels) {
    harness
        .client()
        .secrets()
        .inNamespace("shop")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .addToData("password", "c2VjcmV0")
                .build())
        .create();
  }
}
