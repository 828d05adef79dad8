package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.config.WebhookSettings.FailurePolicy;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ValidatingWebhookConfiguration the operator keeps: its shape, repairs, and idle silence. */
class WebhookConfigurationTest {
  private static final Predicate<String> WEBHOOK_WRITES =
      r -> r.contains("validatingwebhookconfigurations") || r.contains("/vsid-system/secrets");

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theConfigurationSendsPodCreationsToTheServiceWithEveryDefaultedFieldSet() {
    harness = new OperatorHarness(WebhookTesting::on);
    WebhookTesting.caBundle(harness);
    ValidatingWebhookConfiguration stored = WebhookTesting.configuration(harness);

    assertThat(stored.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "vsid-operator");
    assertThat(stored.getWebhooks()).hasSize(1);
    ValidatingWebhook webhook = stored.getWebhooks().get(0);
    assertThat(webhook.getName()).isEqualTo("pod-binding.vsid.dev");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    var service = webhook.getClientConfig().getService();
    assertThat(service.getNamespace()).isEqualTo("vsid-system");
    assertThat(service.getName()).isEqualTo("vsid-operator-webhook");
    assertThat(service.getPath()).isEqualTo("/validate-pods");
    assertThat(service.getPort()).isEqualTo(443);
    assertThat(webhook.getRules())
        .extracting(r -> r.getOperations() + " " + r.getResources() + " " + r.getScope())
        .containsExactly(
            "[CREATE] [pods] Namespaced", "[UPDATE] [pods/ephemeralcontainers] Namespaced");
    var expression = webhook.getNamespaceSelector().getMatchExpressions().get(0);
    assertThat(expression.getKey()).isEqualTo("kubernetes.io/metadata.name");
    assertThat(expression.getOperator()).isEqualTo("NotIn");
    assertThat(expression.getValues()).containsExactly("kube-system", "vsid-system");
  }

  @Test
  void settingsChooseTheFailurePolicyAndTheNamespacesSent() {
    harness =
        new OperatorHarness(
            s ->
                WebhookTesting.on(s)
                    .withWatchedNamespaces(Set.of("shop", "payments", "vsid-system")));
    WebhookTesting.caBundle(harness);
    var served = WebhookTesting.configuration(harness).getWebhooks().get(0);
    harness.close();
    harness =
        new OperatorHarness(
            s -> {
              var on = WebhookTesting.on(s);
              return on.withWebhook(
                  on.webhook()
                      .withFailurePolicy(FailurePolicy.Ignore)
                      .withExcludedNamespaces(Set.of("legacy")));
            });
    WebhookTesting.caBundle(harness);
    var excluded = WebhookTesting.configuration(harness).getWebhooks().get(0);

    var onlyServed = served.getNamespaceSelector().getMatchExpressions().get(0);
    assertThat(onlyServed.getOperator()).isEqualTo("In");
    assertThat(onlyServed.getValues()).containsExactly("payments", "shop");
    assertThat(excluded.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(excluded.getNamespaceSelector().getMatchExpressions().get(0).getValues())
        .containsExactly("kube-system", "legacy", "vsid-system");
  }

  @Test
  void anEditByHandIsUndoneAndNothingIsWrittenWhileAllIsRight() throws Exception {
    harness = new OperatorHarness(WebhookTesting::on);
    String bundle = WebhookTesting.caBundle(harness);
    String caBundle = webhook().getClientConfig().getCaBundle();

    edit(c -> editWebhook(c, w -> w.setFailurePolicy("Ignore")));
    await().atMost(OperatorHarness.WAIT).until(() -> "Fail".equals(webhook().getFailurePolicy()));
    edit(c -> editWebhook(c, w -> w.getClientConfig().setCaBundle("")));
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> caBundle.equals(webhook().getClientConfig().getCaBundle()));
    edit(c -> editWebhook(c, w -> w.getRules().remove(1)));
    await().atMost(OperatorHarness.WAIT).until(() -> webhook().getRules().size() == 2);
    edit(c -> new ValidatingWebhookConfigurationBuilder(c).addToWebhooks(webhook()).build());
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> WebhookTesting.configuration(harness).getWebhooks().size() == 1);

    Thread.sleep(500);
    int before = writes().size();
    assertThat(before).as("writes seen: creations and repairs").isGreaterThanOrEqualTo(7);
    Thread.sleep(2000); // ten checks
    assertThat(writes()).as("webhook writes while idle").hasSize(before);
    assertThat(WebhookTesting.caBundle(harness)).isEqualTo(bundle);
  }

  private List<String> writes() {
    return harness.cluster().writesBy(harness.operatorAgent(), WEBHOOK_WRITES);
  }

  private ValidatingWebhook webhook() {
    return WebhookTesting.configuration(harness).getWebhooks().get(0);
  }

  private void edit(UnaryOperator<ValidatingWebhookConfiguration> change) {
    harness.client().resource(change.apply(WebhookTesting.configuration(harness))).update();
  }

  private static ValidatingWebhookConfiguration editWebhook(
      ValidatingWebhookConfiguration configuration,
      java.util.function.Consumer<ValidatingWebhook> change) {
    change.accept(configuration.getWebhooks().get(0));
    return configuration;
  }
}
