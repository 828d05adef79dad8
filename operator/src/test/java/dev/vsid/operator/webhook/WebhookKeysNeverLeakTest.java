package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.testing.KeyTraces;
import dev.vsid.operator.testing.LogCapture;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Through the webhook's whole life at DEBUG (creation, reviews allowed, denied and malformed,
 * renewal of the serving certificate and of the CA, a damaged Secret replaced), no log line, answer
 * or ValidatingWebhookConfiguration holds a trace of any private key the webhook's Secrets ever
 * held (see {@link KeyTraces}).
 */
class WebhookKeysNeverLeakTest {
  private final KeyTraces keys = new KeyTraces();
  private final ConcurrentLinkedQueue<Secret> versions = new ConcurrentLinkedQueue<>();
  private final List<String> answers = new ArrayList<>();

  @Test
  void noLogLineAnswerOrConfigurationHoldsWebhookKeyMaterial() throws Exception {
    List<String> lines;
    String configuration;
    try (LogCapture logs = new LogCapture(levels());
        OperatorHarness harness = new OperatorHarness(WebhookTesting::on)) {
      Watch watch = watchSecrets(harness);
      harness
          .client()
          .secrets()
          .inNamespace("vsid-system")
          .list()
          .getItems()
          .forEach(versions::add);
      harness.createIdentity("shop", "web", spec -> spec.setTrustDomain("nowhere"));
      WebhookClient client = WebhookTesting.client(harness);
      review(client, "web");
      review(client, "default");
      answers.add(client.post(ReviewEndpoint.PATH, "{not json").body());

      harness.clock().advance(Duration.ofDays(21));
      awaitVersions(harness, 3);
      harness.clock().advance(Duration.ofDays(224));
      awaitBundleOf(harness, 2);
      harness.clock().advance(Duration.ofMinutes(6));
      damageServingKey(harness);
      awaitVersions(harness, 7);
      review(WebhookTesting.client(harness), "default");

      configuration = Serialization.asJson(WebhookTesting.configuration(harness));
      harness
          .client()
          .secrets()
          .inNamespace("vsid-system")
          .list()
          .getItems()
          .forEach(versions::add);
      watch.close();
      lines = logs.lines();
    }

    learnKeys();
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      findings.addAll(keys.findIn("log line " + i, lines.get(i)));
    }
    for (int i = 0; i < answers.size(); i++) {
      findings.addAll(keys.findIn("answer " + i, answers.get(i)));
    }
    findings.addAll(keys.findIn("ValidatingWebhookConfiguration", configuration));
    assertThat(keys.keyCount()).as("private keys learnt").isGreaterThanOrEqualTo(5);
    assertThat(lines)
        .anyMatch(l -> l.contains("because renewal is due; the old one stays trusted"));
    assertThat(lines).anyMatch(l -> l.contains("the stored one is unusable"));
    assertThat(findings).as("traces of private keys").isEmpty();
  }

  private static Map<String, Level> levels() {
    return Map.of(
        "dev.vsid", Level.DEBUG,
        "io.javaoperatorsdk", Level.DEBUG,
        "io.fabric8", Level.DEBUG,
        "io.fabric8.kubernetes.client.server.mock", Level.INFO,
        "io.fabric8.mockwebserver", Level.INFO);
  }

  private void review(WebhookClient client, String serviceAccount) throws Exception {
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
    answers.add(client.post(ReviewEndpoint.PATH, Reviews.create(Reviews.uid(), pod)).body());
  }

  /** Pastes a key that is no PEM at all into the serving Secret; the webhook replaces it. */
  private static void damageServingKey(OperatorHarness harness) {
    Secret serving = harness.secret("vsid-system", WebhookSecrets.SERVING_SECRET);
    String broken = Base64.getEncoder().encodeToString("garbage".getBytes(StandardCharsets.UTF_8));
    harness
        .client()
        .resource(new SecretBuilder(serving).addToData("tls.key", broken).build())
        .update();
  }

  private void awaitVersions(OperatorHarness harness, int count) {
    await().atMost(OperatorHarness.WAIT).until(() -> webhookVersions() >= count);
  }

  private long webhookVersions() {
    return versions.stream()
        .filter(s -> s.getMetadata().getName().startsWith("vsid-webhook"))
        .count();
  }

  private static void awaitBundleOf(OperatorHarness harness, int count) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> Pem.parseCertificates(WebhookTesting.caBundle(harness)).size() == count);
  }

  private Watch watchSecrets(OperatorHarness harness) {
    return harness
        .client()
        .secrets()
        .inNamespace("vsid-system")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Secret secret) {
                versions.add(secret);
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private void learnKeys() throws Exception {
    for (Secret secret : versions) {
      String name =
          secret.getMetadata().getName() + "@" + secret.getMetadata().getResourceVersion();
      String pem = text(secret, "tls.key");
      if (pem.contains("BEGIN")) {
        var key = Pem.parsePrivateKey(pem);
        keys.add(name, key);
        keys.addPem(name, key, pem);
      }
      for (var certificate : Pem.parseCertificates(text(secret, "tls.crt"))) {
        keys.addPublic(certificate);
      }
    }
  }

  private static String text(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
