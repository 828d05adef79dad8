package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.spiffe.TrustDomainName;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aGeneratedRootHasTheSpiffeRootProfile() throws Exception {
    CertificateAuthority ca =
        CertificateAuthority.generateRoot(
            EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(365), CLOCK);
    X509Certificate root = ca.certificate();

    assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(root.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(Certificates.uriSans(root)).containsExactly("spiffe://example.org");
    assertThat(root.getNonCriticalExtensionOIDs()).contains("2.5.29.17", "2.5.29.14", "2.5.29.35");
    assertThat(ca.subject()).isEqualTo("CN=example.org,O=vsid");
    assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
    X509SvidChecker.checkSignedBy(root, root);
  }

  @Test
  void aGeneratedRootIsBackdatedFiveMinutesAndLastsItsTtl() {
    CertificateAuthority ca =
        CertificateAuthority.generateRoot(EXAMPLE_ORG, KeyType.ED25519, Duration.ofDays(30), CLOCK);

    assertThat(ca.notBefore()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(ca.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void aGeneratedRootIsItsOwnChainAndOnlyRoot() {
    CertificateAuthority ca = root();

    assertThat(ca.chain()).containsExactly(ca.certificate());
    assertThat(ca.roots()).containsExactly(ca.certificate());
    assertThat(ca.trustDomain()).isEqualTo(EXAMPLE_ORG);
    assertThat(ca.keyType()).isEqualTo(KeyType.EC_P256);
    assertThat(X509SvidChecker.keyMatches(ca.certificate(), ca.privateKey())).isTrue();
  }

  @Test
  void aGeneratedRootsAuthorityKeyIdIsItsOwnSubjectKeyId() throws Exception {
    X509Certificate root = root().certificate();
    byte[] ski = Certificates.subjectKeyIdentifier(root);
    byte[] akiExtension = root.getExtensionValue("2.5.29.35");
    AuthorityKeyIdentifier aki =
        AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(akiExtension).getOctets());

    assertThat(ski).isEqualTo(Certificates.keyIdentifier(root.getPublicKey()));
    assertThat(aki.getKeyIdentifierOctets()).isEqualTo(ski);
  }

  @Test
  void serialsArePositiveRandomAndShownAsLowercaseHexPaddedToWholeBytes() {
    CertificateAuthority a = root();
    CertificateAuthority b = root();

    assertThat(a.certificate().getSerialNumber()).isPositive();
    assertThat(a.certificate().getSerialNumber().bitLength()).isLessThanOrEqualTo(127);
    assertThat(a.serialNumberHex()).matches("([0-9a-f]{2})+");
    assertThat(new BigInteger(a.serialNumberHex(), 16))
        .isEqualTo(a.certificate().getSerialNumber());
    assertThat(a.serialNumberHex()).isNotEqualTo(b.serialNumberHex());
  }

  @Test
  void theFingerprintIsColonSeparatedLowercaseSha256() {
    assertThat(root().fingerprint()).matches("([0-9a-f]{2}:){31}[0-9a-f]{2}");
  }

  @Test
  void aLongTrustDomainIsCutTo64CharactersInTheCommonName() {
    TrustDomainName longName = TrustDomainName.parse("a".repeat(70) + ".example");

    CertificateAuthority ca =
        CertificateAuthority.generateRoot(longName, KeyType.EC_P256, Duration.ofDays(1), CLOCK);

    assertThat(ca.subject()).isEqualTo("CN=" + "a".repeat(64) + ",O=vsid");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void aRootRoundTripsThroughPemWithTheSameFingerprint(KeyType type) throws Exception {
    CertificateAuthority ca = PkiFixtures.root(type);
    String chainPem = Pem.encodeCertificates(ca.chain());

    CertificateAuthority loaded =
        CertificateAuthority.fromPem(
            EXAMPLE_ORG, chainPem, Pem.encodePrivateKey(ca.privateKey()), chainPem);

    assertThat(loaded.fingerprint()).isEqualTo(ca.fingerprint());
    assertThat(loaded.keyType()).isEqualTo(type);
    assertThat(loaded.chain()).containsExactly(ca.certificate());
    assertThat(loaded.roots()).containsExactly(ca.certificate());
    assertThat(loaded.isSelfSignedRoot()).isTrue();
  }

  @Test
  void aSelfSignedRootLoadsWithoutSeparateRoots() throws Exception {
    CertificateAuthority ca = root();

    CertificateAuthority loaded =
        CertificateAuthority.fromPem(
            EXAMPLE_ORG,
            Pem.encodeCertificates(ca.chain()),
            Pem.encodePrivateKey(ca.privateKey()),
            null);

    assertThat(loaded.roots()).containsExactly(ca.certificate());
  }

  @Test
  void anIntermediateCaKeepsTheRootOutOfItsChain() throws Exception {
    CertificateAuthority root = PkiFixtures.root(KeyType.EC_P256);

    CertificateAuthority intermediate = IntermediateCas.under(root);

    assertThat(intermediate.chain()).containsExactly(intermediate.certificate());
    assertThat(intermediate.roots()).containsExactly(root.certificate());
    assertThat(intermediate.isSelfSignedRoot()).isFalse();
  }

  @Test
  void toStringShowsTrustDomainSubjectAndFingerprintButNoKey() {
    CertificateAuthority ca = root();

    assertThat(ca.toString())
        .contains("example.org", ca.subject(), ca.fingerprint())
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(KeyText.base64Body(ca.privateKey()))
        .doesNotContain(KeyText.firstBase64Line(ca.privateKey()));
  }

  private static CertificateAuthority root() {
    return CertificateAuthority.generateRoot(
        EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(1), CLOCK);
  }
}
