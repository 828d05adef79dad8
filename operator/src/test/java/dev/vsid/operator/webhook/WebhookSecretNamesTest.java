package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.testing.OperatorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A WorkloadIdentity in the operator's namespace cannot take the webhook's Secrets. */
class WebhookSecretNamesTest {
  private final OperatorHarness harness = new OperatorHarness(WebhookTesting::on);

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theWebhookSecretNamesAreReservedInTheOperatorNamespaceOnly() {
    String ns = OperatorHarness.OPERATOR_NAMESPACE;
    WebhookTesting.caBundle(harness);
    var servingBefore = harness.secret(ns, WebhookSecrets.SERVING_SECRET).getData();
    var caBefore = harness.secret(ns, WebhookSecrets.CA_SECRET).getData();
    harness.createTrustDomain("example", "example.org");

    harness.createIdentity(ns, "sneaky", spec -> spec.setSecretName(WebhookSecrets.SERVING_SECRET));
    harness.createIdentity(ns, WebhookSecrets.CA_SECRET, spec -> {});
    harness.createIdentity("shop", "allowed", spec -> spec.setSecretName("vsid-webhook-tls"));

    var sneaky = harness.awaitIdentity(ns, "sneaky", Condition.FALSE, "InvalidSecretName");
    harness.awaitIdentity(ns, WebhookSecrets.CA_SECRET, Condition.FALSE, "InvalidSecretName");
    harness.awaitIdentityReady("shop", "allowed");
    assertThat(sneaky.getStatus().getConditions().get(0).getMessage())
        .contains("reserved for the operator's own Secrets");
    assertThat(harness.secret(ns, WebhookSecrets.SERVING_SECRET).getData())
        .isEqualTo(servingBefore);
    assertThat(harness.secret(ns, WebhookSecrets.CA_SECRET).getData()).isEqualTo(caBefore);
  }
}
