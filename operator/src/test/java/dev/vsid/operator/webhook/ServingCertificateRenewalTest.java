package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The serving certificate and the webhook CA renewed as the clock moves, reaching the running
 * server without a restart (a fresh TLS connection sees the new serial), with the caBundle keeping
 * the old CA while a certificate it signed may still be served.
 */
class ServingCertificateRenewalTest {
  private final OperatorHarness harness = new OperatorHarness(WebhookTesting::on);

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theServingCertificateIsRenewedAtTwoThirdsOfItsLifeAndServedWithoutARestart()
      throws Exception {
    WebhookClient client = WebhookTesting.client(harness);
    String first = serial(client);
    String bundle = WebhookTesting.caBundle(harness);

    harness.clock().advance(Duration.ofDays(19));
    Thread.sleep(600);
    assertThat(serial(client)).as("before two thirds of 30 days").isEqualTo(first);

    harness.clock().advance(Duration.ofDays(2));
    await().atMost(OperatorHarness.WAIT).until(() -> !serial(client).equals(first));

    assertThat(WebhookTesting.caBundle(harness)).as("same CA").isEqualTo(bundle);
    assertThat(serial(client)).isEqualTo(storedServingSerial());
  }

  @Test
  void aRenewedCaIsTrustedFirstSignsLaterAndTheOldOneIsDroppedOnceItsCertificateIsGone()
      throws Exception {
    String oldCa = WebhookTesting.caBundle(harness);
    harness.clock().advance(Duration.ofDays(241)); // the serving certificate has expired
    await().atMost(OperatorHarness.WAIT).until(() -> storedServingSerial() != null);
    WebhookClient client = WebhookTesting.client(harness);
    await().atMost(OperatorHarness.WAIT).until(() -> serial(client).equals(storedServingSerial()));
    String signedByOldCa = serial(client);

    harness.clock().advance(Duration.ofDays(3)); // past two thirds of the CA's year
    await().atMost(OperatorHarness.WAIT).until(() -> bundle().size() == 2);
    List<X509Certificate> both = bundle();
    assertThat(pem(both.get(1))).as("the old CA, second").isEqualTo(oldCa);
    Thread.sleep(600);
    assertThat(serial(WebhookTesting.client(harness)))
        .as("not yet signed by the new CA")
        .isEqualTo(signedByOldCa);
    WebhookClient newCaOnly = trusting(pem(both.get(0)));
    assertThatThrownBy(() -> serial(newCaOnly)).isInstanceOf(SSLHandshakeException.class);

    WebhookClient trustingBoth = WebhookTesting.client(harness);
    harness.clock().advance(CertificatePolicy.PROPAGATION.plusMinutes(1));
    await().atMost(OperatorHarness.WAIT).until(() -> !serial(trustingBoth).equals(signedByOldCa));
    assertThat(serial(newCaOnly)).as("now signed by the new CA").isEqualTo(storedServingSerial());
    assertThat(bundle()).as("the old CA is still trusted").hasSize(2);

    harness.clock().advance(Duration.ofDays(31));
    await().atMost(OperatorHarness.WAIT).until(() -> bundle().size() == 1);
    assertThat(bundle().get(0)).isEqualTo(both.get(0));
    await().atMost(OperatorHarness.WAIT).until(() -> serial(newCaOnly) != null);
  }

  private String serial(WebhookClient client) throws Exception {
    String review = Reviews.create(Reviews.uid(), Reviews.pod("shop").build());
    return client.post(ReviewEndpoint.PATH, review).serial();
  }

  private WebhookClient trusting(String caPem) {
    return new WebhookClient(
        harness.operator().webhookAddress().orElseThrow(),
        caPem,
        WebhookTesting.SERVICE_HOST,
        harness.clock());
  }

  private String storedServingSerial() throws Exception {
    var secret = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, WebhookSecrets.SERVING_SECRET);
    return parse(OperatorHarness.text(secret, "tls.crt")).get(0).getSerialNumber().toString(16);
  }

  private List<X509Certificate> bundle() throws Exception {
    return parse(WebhookTesting.caBundle(harness));
  }

  private static List<X509Certificate> parse(String pem) throws Exception {
    var factory = CertificateFactory.getInstance("X.509");
    var in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    return factory.generateCertificates(in).stream().map(c -> (X509Certificate) c).toList();
  }

  private static String pem(X509Certificate certificate) throws Exception {
    return dev.vsid.operator.pki.Pem.encodeCertificates(List.of(certificate));
  }
}
