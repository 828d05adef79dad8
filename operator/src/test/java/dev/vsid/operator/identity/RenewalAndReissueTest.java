package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RenewalAndReissueTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private WorkloadIdentity issued(String ttl) {
    harness.createIdentity("shop", "web", spec -> spec.setTtl(ttl));
    return harness.awaitIdentityReady("shop", "web");
  }

  private String serialNow() {
    return harness.identity("shop", "web").getStatus().getSerialNumber();
  }

  private void awaitNewSerial(String old) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              WorkloadIdentity wi = harness.identity("shop", "web");
              return !old.equals(wi.getStatus().getSerialNumber())
                  && harness.secret("shop", "web") != null;
            });
  }

  @Test
  void anSvidIsRenewedAtTwoThirdsOfItsLifetimeAndNotBefore() throws Exception {
    WorkloadIdentity first = issued("1h");
    String serial = first.getStatus().getSerialNumber();
    Instant renewal = Instant.parse(first.getStatus().getRenewalTime());
    Instant notBefore = Instant.parse(first.getStatus().getNotBefore());
    Instant notAfter = Instant.parse(first.getStatus().getNotAfter());
    assertThat(Duration.between(notBefore, renewal))
        .isEqualTo(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));

    harness.clock().advance(Duration.ofMinutes(30));
    Thread.sleep(1500);
    assertThat(serialNow()).as("not renewed before its renewal time").isEqualTo(serial);

    harness.clock().advance(Duration.ofMinutes(11));
    awaitNewSerial(serial);
    WorkloadIdentity renewed = harness.identity("shop", "web");
    assertThat(Instant.parse(renewed.getStatus().getNotAfter())).isAfter(notAfter);
    assertThat(renewed.getStatus().getConditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
  }

  @Test
  void aDeletedSecretIsReissued() {
    String serial = issued("1h").getStatus().getSerialNumber();

    harness.client().secrets().inNamespace("shop").withName("web").delete();

    awaitNewSerial(serial);
    assertThat(harness.secret("shop", "web").getData()).containsKeys("tls.crt", "tls.key");
  }

  @Test
  void aSecretWhoseKeyWasReplacedIsReissued() throws Exception {
    String serial = issued("1h").getStatus().getSerialNumber();
    var otherKey = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(otherKey.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";

    Secret secret = harness.secret("shop", "web");
    secret.getData().put("tls.key", base64(pem));
    harness.client().resource(secret).update();

    awaitNewSerial(serial);
  }

  @Test
  void aSecretWithAGarbledCertificateIsReissued() {
    String serial = issued("1h").getStatus().getSerialNumber();

    Secret secret = harness.secret("shop", "web");
    secret.getData().put("tls.crt", base64("not a certificate"));
    harness.client().resource(secret).update();

    awaitNewSerial(serial);
  }

  @Test
  void anEditedTrustBundleIsRestoredWithoutReissuingTheSvid() {
    String serial = issued("1h").getStatus().getSerialNumber();
    Secret secret = harness.secret("shop", "web");
    String bundle = OperatorHarness.text(secret, "ca.crt");

    Secret edited = new SecretBuilder(secret).build();
    edited.getData().put("ca.crt", base64("tampered"));
    harness.client().resource(edited).update();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> bundle.equals(OperatorHarness.text(harness.secret("shop", "web"), "ca.crt")));
    assertThat(serialNow()).isEqualTo(serial);
  }

  @Test
  void aSpecChangeThatAltersTheCertificateReissuesIt() throws Exception {
    String serial = issued("1h").getStatus().getSerialNumber();

    WorkloadIdentity wi = harness.identity("shop", "web");
    wi.getSpec().setDnsNames(List.of("web.shop.svc"));
    harness.client().resource(wi).update();

    awaitNewSerial(serial);
    var leaf =
        dev.vsid.operator.pki.Pem.parseCertificates(
                OperatorHarness.text(harness.secret("shop", "web"), "tls.crt"))
            .get(0);
    assertThat(RenewalPolicy.dnsNames(leaf)).containsExactly("web.shop.svc");
  }

  @Test
  void aDeletedIdentityIsNotRenewedAndItsSecretIsLeftToTheGarbageCollector() throws Exception {
    issued("1h");
    Secret before = harness.secret("shop", "web");

    harness.client().resources(WorkloadIdentity.class).inNamespace("shop").withName("web").delete();
    harness.clock().advance(Duration.ofMinutes(50));
    Thread.sleep(1500);

    Secret after = harness.secret("shop", "web");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("WorkloadIdentity"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
