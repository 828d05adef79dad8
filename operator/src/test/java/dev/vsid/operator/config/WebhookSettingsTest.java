package dev.vsid.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.config.WebhookSettings.FailurePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSettingsTest {
  @Test
  void inAClusterTheWebhookIsOnWithTheDocumentedDefaults() {
    WebhookSettings webhook = OperatorSettings.fromEnvironment(Map.of()).webhook();

    assertThat(webhook.enabled()).isTrue();
    assertThat(webhook.port()).isEqualTo(9443);
    assertThat(webhook.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(webhook.serviceName()).isEqualTo("vsid-operator-webhook");
    assertThat(webhook.servicePort()).isEqualTo(443);
    assertThat(webhook.configurationName()).isEqualTo("vsid-operator-pod-binding");
    assertThat(webhook.failurePolicy()).isEqualTo(FailurePolicy.Fail);
    assertThat(webhook.excludedNamespaces()).isEmpty();
    assertThat(webhook.checkInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void testsAndTheEmbeddedModeRunWithoutTheWebhookUnlessTheyAskForIt() {
    assertThat(OperatorSettings.defaults("vsid-system").webhook().enabled()).isFalse();
  }

  @Test
  void everyWebhookSettingCanBeSetFromTheEnvironment() {
    WebhookSettings webhook =
        OperatorSettings.fromEnvironment(
                Map.of(
                    "VSID_WEBHOOK_ENABLED", "false",
                    "VSID_WEBHOOK_PORT", "8443",
                    "VSID_WEBHOOK_BIND_ADDRESS", "127.0.0.1",
                    "VSID_WEBHOOK_SERVICE_NAME", "pod-binding",
                    "VSID_WEBHOOK_SERVICE_PORT", "8443",
                    "VSID_WEBHOOK_CONFIGURATION_NAME", "vsid-pods",
                    "VSID_WEBHOOK_FAILURE_POLICY", "Ignore",
                    "VSID_WEBHOOK_EXCLUDE_NAMESPACES", " legacy, batch ,",
                    "VSID_WEBHOOK_CHECK_INTERVAL", "30s"))
            .webhook();

    assertThat(webhook.enabled()).isFalse();
    assertThat(webhook.port()).isEqualTo(8443);
    assertThat(webhook.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(webhook.serviceName()).isEqualTo("pod-binding");
    assertThat(webhook.servicePort()).isEqualTo(8443);
    assertThat(webhook.configurationName()).isEqualTo("vsid-pods");
    assertThat(webhook.failurePolicy()).isEqualTo(FailurePolicy.Ignore);
    assertThat(webhook.excludedNamespaces()).isEqualTo(Set.of("legacy", "batch"));
    assertThat(webhook.checkInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @CsvSource({
    "VSID_WEBHOOK_ENABLED, yes",
    "VSID_WEBHOOK_PORT, 70000",
    "VSID_WEBHOOK_PORT, https",
    "VSID_WEBHOOK_SERVICE_PORT, 0",
    "VSID_WEBHOOK_SERVICE_NAME, Webhook_Service",
    "VSID_WEBHOOK_SERVICE_NAME, 9lives",
    "VSID_WEBHOOK_CONFIGURATION_NAME, Pod Binding",
    "VSID_WEBHOOK_FAILURE_POLICY, fail",
    "VSID_WEBHOOK_FAILURE_POLICY, Warn",
    "VSID_WEBHOOK_EXCLUDE_NAMESPACES, 'ok,Not_OK'",
    "VSID_WEBHOOK_CHECK_INTERVAL, 1ms",
    "VSID_WEBHOOK_CHECK_INTERVAL, soon"
  })
  void anInvalidValueStopsTheStartNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable);
  }
}
