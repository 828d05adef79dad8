package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.pki.PkiFixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.spiffe.SpiffeId;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the issuer refuses, and how it keeps keys out of text. */
class SvidIssuerSafetyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final CertificateAuthority CA =
      CertificateAuthority.generateRoot(
          EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void anExpiredCaIssuesNothing() {
    SvidIssuer later = issuerAt(NOW.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> later.issue(request(WEB, List.of()), CA))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("expired at " + CA.notAfter());
  }

  @Test
  void aTrustDomainIdIsNotAWorkloadId() {
    assertRefused(request(EXAMPLE_ORG.id(), List.of()), "has no path");
  }

  @Test
  void anIdOfAnotherTrustDomainIsRefused() {
    SpiffeId foreign = SpiffeId.parse("spiffe://other.org/ns/default/sa/web");

    assertRefused(request(foreign, List.of()), "is not in trust domain example.org");
  }

  @Test
  void invalidDnsNamesAreRefusedWithControlCharactersEscaped() {
    assertRefused(request(WEB, List.of("bad name.example")), "is not a valid DNS name");
    assertRefused(request(WEB, List.of("a\nb")), "\"a\\x0ab\"");
    assertRefused(request(WEB, List.of("")), "a DNS name is empty");
    assertRefused(request(WEB, List.of("exämple.org")), "is not a valid DNS name");
    assertRefused(request(WEB, List.of("a".repeat(64) + ".example")), "is not a valid DNS name");
  }

  @Test
  void aWildcardDnsNameIsAccepted() throws Exception {
    Svid svid = issuerAt(NOW).issue(request(WEB, List.of("*.web.example")), CA);

    assertThat(svid.leaf().getSubjectAlternativeNames()).hasSize(2);
  }

  @Test
  void aMissingKeyTypeOrNonPositiveTtlIsRefused() {
    assertRefused(new SvidRequest(WEB, null, null, Duration.ofHours(1)), "no key type");
    assertRefused(new SvidRequest(WEB, null, KeyType.EC_P256, Duration.ZERO), "must be positive");
    assertRefused(new SvidRequest(WEB, null, KeyType.EC_P256, Duration.ofHours(-1)), "positive");
    assertRefused(new SvidRequest(null, null, KeyType.EC_P256, Duration.ofHours(1)), "SPIFFE ID");
  }

  @Test
  void aCaWhoseKeyDoesNotMatchItsCertificateCannotExist() {
    PrivateKey wrongKey = PkiFixtures.root(KeyType.EC_P256).privateKey();

    assertThatThrownBy(
            () ->
                new CertificateAuthority(
                    EXAMPLE_ORG, List.of(CA.certificate()), CA.roots(), wrongKey, KeyType.EC_P256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aNegativeBackdateIsAProgrammingError() {
    Clock clock = Clock.systemUTC();
    Duration negative = Duration.ofSeconds(-1);

    assertThatThrownBy(() -> new SvidIssuer(clock, negative))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void theIssuedKeyPemLoadsThroughTheJdkKeyFactoryAndMatchesTheLeaf(KeyType type) throws Exception {
    Svid svid = PkiFixtures.svid(type);
    String body =
        svid.privateKeyPem()
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");

    String algorithm =
        type.name().startsWith("EC") ? "EC" : type.name().startsWith("RSA") ? "RSA" : "Ed25519";
    PrivateKey reloaded =
        KeyFactory.getInstance(algorithm)
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));

    assertThat(X509SvidChecker.keyMatches(svid.leaf(), reloaded)).isTrue();
    assertThat(X509SvidChecker.keyMatches(svid.leaf(), svid.privateKey())).isTrue();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void toStringOfAnSvidAndItsCaNeverShowsAKey(KeyType type) {
    Svid svid = PkiFixtures.svid(type);
    CertificateAuthority ca = PkiFixtures.root(type);

    for (String text : List.of(svid.toString(), ca.toString())) {
      assertThat(text)
          .doesNotContain("PRIVATE KEY")
          .doesNotContain(KeyText.firstBase64Line(svid.privateKey()))
          .doesNotContain(KeyText.firstBase64Line(ca.privateKey()));
    }
    assertThat(svid.toString()).contains(WEB.toString(), svid.serialNumberHex());
  }

  private static SvidRequest request(SpiffeId id, List<String> dnsNames) {
    return new SvidRequest(id, dnsNames, KeyType.EC_P256, Duration.ofHours(1));
  }

  private static SvidIssuer issuerAt(Instant instant) {
    return new SvidIssuer(Clock.fixed(instant, ZoneOffset.UTC), Duration.ofSeconds(10));
  }

  private static void assertRefused(SvidRequest request, String reason) {
    assertRefused(request, CA, reason);
  }

  private static void assertRefused(SvidRequest request, CertificateAuthority ca, String reason) {
    assertThatThrownBy(() -> issuerAt(NOW).issue(request, ca))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining(reason);
  }
}
