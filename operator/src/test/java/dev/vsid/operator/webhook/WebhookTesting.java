package dev.vsid.operator.webhook;

import static org.awaitility.Awaitility.await;

import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The webhook as tests run it: on 127.0.0.1, a port the system chooses, quick checks. */
final class WebhookTesting {
  static final String SERVICE_HOST = "vsid-operator-webhook.vsid-system.svc";
  static final String CONFIGURATION = WebhookSettings.DEFAULT_CONFIGURATION_NAME;

  private WebhookTesting() {}

  static OperatorSettings on(OperatorSettings settings) {
    return settings.withWebhook(
        WebhookSettings.disabled()
            .withEnabled(true)
            .withListener("127.0.0.1", 0)
            .withCheckInterval(Duration.ofMillis(200)));
  }

  static ValidatingWebhookConfiguration configuration(OperatorHarness harness) {
    return harness
        .client()
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .get();
  }

  /** The caBundle of the stored configuration, as PEM; waits for the configuration. */
  static String caBundle(OperatorHarness harness) {
    await().atMost(OperatorHarness.WAIT).until(() -> configuration(harness) != null);
    String base64 = configuration(harness).getWebhooks().get(0).getClientConfig().getCaBundle();
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** A client that trusts only the configuration's current caBundle. */
  static WebhookClient client(OperatorHarness harness) {
    return new WebhookClient(
        harness.operator().webhookAddress().orElseThrow(),
        caBundle(harness),
        SERVICE_HOST,
        harness.clock());
  }
}
