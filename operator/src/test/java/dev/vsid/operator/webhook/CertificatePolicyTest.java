package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.pki.TlsCredential;
import dev.vsid.operator.pki.WebhookPki;
import dev.vsid.operator.webhook.WebhookSecrets.StoredCa;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the webhook's certificates are renewed and trusted, at fixed times. */
class CertificatePolicyTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final List<String> NAMES =
      PodBindingWebhook.dnsNames(
          dev.vsid.operator.config.WebhookSettings.disabled(), "vsid-system");

  private final TlsCredential ca = WebhookPki.newCa("ca", CertificatePolicy.CA_TTL, at(T0));

  @Test
  void aFreshServingCertificateStaysUntilTwoThirdsOfItsLife() throws Exception {
    TlsCredential serving = serving(ca, T0);
    StoredCa stored = new StoredCa(ca, List.of(ca.certificate()));

    assertThat(CertificatePolicy.servingReplacement(serving, NAMES, stored, T0.plus(days(19))))
        .isEmpty();
    assertThat(CertificatePolicy.servingReplacement(serving, NAMES, stored, T0.plus(days(21))))
        .contains("renewal is due");
    assertThat(CertificatePolicy.servingReplacement(serving, NAMES, stored, T0.plus(days(31))))
        .contains("it expired");
  }

  @Test
  void aServingCertificateForOtherNamesOrFromAnUntrustedCaIsReplacedAtOnce() throws Exception {
    TlsCredential other = WebhookPki.newCa("other", CertificatePolicy.CA_TTL, at(T0));
    StoredCa stored = new StoredCa(ca, List.of(ca.certificate()));
    TlsCredential renamed =
        WebhookPki.issueServing(ca, List.of("x.vsid-system.svc"), days(30), at(T0));

    assertThat(CertificatePolicy.servingReplacement(serving(other, T0), NAMES, stored, T0))
        .contains("no trusted webhook CA signed it");
    assertThat(CertificatePolicy.servingReplacement(renamed, NAMES, stored, T0)).isPresent();
  }

  @Test
  void aNewCaSignsOnlyAfterThePropagationDelayAndTheOldIsTrustedUntilItsCertificatesAreGone()
      throws Exception {
    Instant rotation = T0.plus(days(244));
    TlsCredential servingOfOld = serving(ca, T0.plus(days(240)));
    TlsCredential fresh = WebhookPki.newCa("new", CertificatePolicy.CA_TTL, at(rotation));
    StoredCa stored = new StoredCa(fresh, List.of(fresh.certificate(), ca.certificate()));

    assertThat(CertificatePolicy.renewalDue(ca, T0.plus(days(243)))).isFalse();
    assertThat(CertificatePolicy.renewalDue(ca, rotation)).isTrue();
    assertThat(CertificatePolicy.servingReplacement(servingOfOld, NAMES, stored, rotation))
        .as("within the propagation delay")
        .isEmpty();
    assertThat(
            CertificatePolicy.servingReplacement(
                servingOfOld, NAMES, stored, rotation.plus(CertificatePolicy.PROPAGATION)))
        .contains("the webhook CA was renewed");
    assertThat(CertificatePolicy.trusted(stored, rotation.plus(days(30)))).hasSize(2);
    assertThat(CertificatePolicy.trusted(stored, rotation.plus(days(31))))
        .containsExactly(fresh.certificate());
  }

  private static TlsCredential serving(TlsCredential issuer, Instant at) throws Exception {
    return WebhookPki.issueServing(issuer, NAMES, CertificatePolicy.SERVING_TTL, at(at));
  }

  private static Duration days(int days) {
    return Duration.ofDays(days);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
