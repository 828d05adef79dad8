package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/**
 * {@link CertificateAuthority#fromPem} applies the section B rules to every intermediate it is
 * handed and, in its overload with a clock, refuses a CA without enough lifetime left.
 */
class CaFromPemChainAndLifetimeTest {
  private static final CertificateAuthority ROOT = PkiFixtures.root(KeyType.EC_P256);
  private static final String ROOT_PEM = Pem.encodeCertificates(ROOT.roots());
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void anIntermediateWithANonCaKeyUsageIsRefused() throws Exception {
    int usage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.keyAgreement;
    KeyPair upperKeys = KeyType.EC_P256.generate();
    X509Certificate upper =
        TestCertificate.caSignedBy(ROOT, upperKeys, "spiffe://example.org")
            .keyUsage(usage, true)
            .build();

    assertChainRefused(upper, upperKeys)
        .hasMessageContaining("CA chain certificate 2")
        .hasMessageContaining("but also has keyAgreement");
  }

  @Test
  void anIntermediateOfAnotherTrustDomainIsRefused() throws Exception {
    KeyPair upperKeys = KeyType.EC_P256.generate();
    X509Certificate upper =
        TestCertificate.caSignedBy(ROOT, upperKeys, "spiffe://other.org").build();

    assertChainRefused(upper, upperKeys)
        .hasMessageContaining("CA chain certificate 2")
        .hasMessageContaining("is not a CA of trust domain example.org")
        .hasMessageContaining("belongs to trust domain other.org");
  }

  @Test
  void anIntermediateWhoseUriSanHasAPathIsRefused() throws Exception {
    KeyPair upperKeys = KeyType.EC_P256.generate();
    X509Certificate upper =
        TestCertificate.caSignedBy(ROOT, upperKeys, "spiffe://example.org/upstream").build();

    assertChainRefused(upper, upperKeys)
        .hasMessageContaining("CA chain certificate 2")
        .hasMessageContaining("has a path");
  }

  @Test
  void aTwoLevelChainOfSoundIntermediatesLoads() throws Exception {
    KeyPair upperKeys = KeyType.EC_P256.generate();
    X509Certificate upper = TestCertificate.caSignedBy(ROOT, upperKeys, null).build();
    KeyPair lowerKeys = KeyType.EC_P256.generate();
    X509Certificate lower = lowerUnder(upper, upperKeys, lowerKeys);

    CertificateAuthority ca = load(List.of(lower, upper, ROOT.certificate()), lowerKeys);

    assertThat(ca.chain()).containsExactly(lower, upper);
  }

  @Test
  void theFourArgumentFormIgnoresTimeAndLoadsAnExpiredCa() throws Exception {
    CertificateAuthority expired = rootAt(NOW.minus(Duration.ofDays(3)), DAY);

    CertificateAuthority loaded =
        CertificateAuthority.fromPem(EXAMPLE_ORG, pem(expired), key(expired), null);

    assertThat(loaded.fingerprint()).isEqualTo(expired.fingerprint());
  }

  @Test
  void anExpiredCaIsRefusedWhenAClockIsGiven() {
    CertificateAuthority expired = rootAt(NOW.minus(Duration.ofDays(3)), DAY);

    assertRefusedAt(expired, NOW, Duration.ZERO)
        .hasMessageContaining("the CA certificate")
        .hasMessageContaining("expired at " + expired.notAfter())
        .hasMessageContaining("rotate the CA");
  }

  @Test
  void aCaThatIsNotYetValidIsRefused() {
    CertificateAuthority future = rootAt(NOW.plus(DAY), DAY);

    assertRefusedAt(future, NOW, Duration.ZERO)
        .hasMessageContaining("is not valid until " + future.notBefore());
  }

  @Test
  void aCaWithLessThanTheMinimumLifetimeLeftIsRefused() {
    CertificateAuthority ca = rootAt(NOW.minus(Duration.ofHours(20)), DAY);

    assertRefusedAt(ca, NOW, Duration.ofHours(6))
        .hasMessageContaining("expires at " + ca.notAfter() + ", in 4h")
        .hasMessageContaining("less than the required 6h");
  }

  @Test
  void aCaWithEnoughLifetimeLeftLoads() throws Exception {
    CertificateAuthority ca = rootAt(NOW.minus(Duration.ofHours(20)), DAY);

    CertificateAuthority loaded = loadAt(ca, NOW, Duration.ofHours(4));

    assertThat(loaded.notAfter()).isEqualTo(ca.notAfter());
  }

  @Test
  void aRootThatExpiresBeforeTheIntermediateIsRefusedByTheMinimumLifetime() throws Exception {
    CertificateAuthority shortRoot =
        CertificateAuthority.generateRoot(
            EXAMPLE_ORG, KeyType.EC_P256, Duration.ofMinutes(30), Clock.systemUTC());
    CertificateAuthority intermediate = IntermediateCas.under(shortRoot);
    String chain = Pem.encodeCertificates(intermediate.chain());
    String roots = Pem.encodeCertificates(shortRoot.roots());
    String keyPem = Pem.encodePrivateKey(intermediate.privateKey());

    assertThatThrownBy(
            () ->
                CertificateAuthority.fromPem(
                    EXAMPLE_ORG, chain, keyPem, roots, Clock.systemUTC(), Duration.ofMinutes(45)))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("the CA root")
        .hasMessageContaining("less than the required 45m");
  }

  @Test
  void aNegativeMinimumLifetimeIsAProgrammingError() {
    assertThatThrownBy(() -> loadAt(ROOT, Instant.now(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static CertificateAuthority rootAt(Instant instant, Duration ttl) {
    return CertificateAuthority.generateRoot(
        EXAMPLE_ORG, KeyType.EC_P256, ttl, Clock.fixed(instant, ZoneOffset.UTC));
  }

  private static X509Certificate lowerUnder(
      X509Certificate upper, KeyPair upperKeys, KeyPair lowerKeys) throws Exception {
    CertificateAuthority signer =
        new CertificateAuthority(
            EXAMPLE_ORG, List.of(upper), ROOT.roots(), upperKeys.getPrivate(), KeyType.EC_P256);
    return TestCertificate.caSignedBy(signer, lowerKeys, "spiffe://example.org")
        .subject("O=test,CN=lower")
        .build();
  }

  private static CertificateAuthority load(List<X509Certificate> chain, KeyPair keys)
      throws PkiException {
    return CertificateAuthority.fromPem(
        EXAMPLE_ORG,
        Pem.encodeCertificates(chain),
        Pem.encodePrivateKey(keys.getPrivate()),
        ROOT_PEM);
  }

  /** A sound signing CA under {@code upper}, loaded with the chain [lower, upper]. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertChainRefused(
      X509Certificate upper, KeyPair upperKeys) throws Exception {
    KeyPair lowerKeys = KeyType.EC_P256.generate();
    X509Certificate lower = lowerUnder(upper, upperKeys, lowerKeys);
    return assertThatThrownBy(() -> load(List.of(lower, upper), lowerKeys))
        .isInstanceOf(PkiException.class);
  }

  private static CertificateAuthority loadAt(CertificateAuthority ca, Instant at, Duration minimum)
      throws PkiException {
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    return CertificateAuthority.fromPem(EXAMPLE_ORG, pem(ca), key(ca), null, clock, minimum);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefusedAt(
      CertificateAuthority ca, Instant at, Duration minimum) {
    return assertThatThrownBy(() -> loadAt(ca, at, minimum))
        .isInstanceOf(PkiException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("PRIVATE KEY")
                    .doesNotContain(KeyText.firstBase64Line(ca.privateKey())));
  }

  private static String pem(CertificateAuthority ca) {
    return Pem.encodeCertificates(ca.chain());
  }

  private static String key(CertificateAuthority ca) {
    return Pem.encodePrivateKey(ca.privateKey());
  }
}
