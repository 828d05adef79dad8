package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.TestCertificate.dns;
import static dev.vsid.operator.pki.TestCertificate.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Section A of x509_svid_cases.md (leaf shape), one test per case id, with each defect built on its
 * own by Bouncy Castle; then the signature and key-pair helpers. The go-spiffe fixtures for section
 * A are judged in {@link ConformanceFixturesTest}.
 */
class X509SvidCheckerTest {
  private static final CertificateAuthority SIGNER = PkiFixtures.root(KeyType.EC_P256);
  private static final Map<String, KeyPurposeId> PURPOSES =
      Map.of(
          "clientAuth", KeyPurposeId.id_kp_clientAuth,
          "serverAuth", KeyPurposeId.id_kp_serverAuth,
          "timeStamping", KeyPurposeId.id_kp_timeStamping);

  private static TestCertificate leaf() {
    return TestCertificate.leafSignedBy(SIGNER);
  }

  @Test
  void a1_aMinimalLeafWithOneSpiffeIdIsAcceptedAndItsIdReturned() throws Exception {
    X509Certificate cert = leaf().build();

    assertThat(X509SvidChecker.checkLeaf(cert)).hasToString("spiffe://example.org/workload");
  }

  @Test
  void a2_aLeafWithTheCaFlagIsRejected() throws Exception {
    assertRejected(leaf().ca(true).build(), "leaf certificate is a CA");
  }

  @Test
  void a3_aLeafWithKeyCertSignIsRejected() throws Exception {
    int usage = KeyUsage.digitalSignature | KeyUsage.keyCertSign;

    assertRejected(leaf().keyUsage(usage, true).build(), "includes keyCertSign");
  }

  @Test
  void a4_aLeafWithCrlSignIsRejected() throws Exception {
    int usage = KeyUsage.digitalSignature | KeyUsage.cRLSign;

    assertRejected(leaf().keyUsage(usage, true).build(), "includes cRLSign");
  }

  @Test
  void a5_aLeafWithoutDigitalSignatureIsRejected() throws Exception {
    int caUsages = KeyUsage.keyCertSign | KeyUsage.cRLSign;

    assertRejected(leaf().keyUsage(caUsages, true).build(), "lacks digitalSignature");
    assertRejected(
        leaf().keyUsage(KeyUsage.keyEncipherment, true).build(), "lacks digitalSignature");
  }

  @Test
  void a6_aLeafWithoutKeyUsageIsRejected() throws Exception {
    assertRejected(leaf().keyUsage(null, true).build(), "no keyUsage");
  }

  /**
   * DIVERGENT by design: go-spiffe Parse and java-spiffe accept a leaf without basicConstraints
   * (read as a non-CA); py-spiffe and SPIRE reject it, and so do we.
   */
  @Test
  void a7_aLeafWithoutBasicConstraintsIsRejected() throws Exception {
    assertRejected(leaf().ca(null).build(), "no basicConstraints");
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
        KeyUsage.digitalSignature | KeyUsage.keyAgreement,
        KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement
      })
  void a8_digitalSignatureWithKeyEnciphermentOrKeyAgreementIsAccepted(int usage) throws Exception {
    X509SvidChecker.checkLeaf(leaf().keyUsage(usage, true).build());
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        KeyUsage.dataEncipherment,
        KeyUsage.nonRepudiation,
        KeyUsage.encipherOnly | KeyUsage.keyAgreement,
        KeyUsage.decipherOnly | KeyUsage.keyAgreement
      })
  void a9_digitalSignatureWithAnyOtherUsageIsRejected(int other) throws Exception {
    int usage = KeyUsage.digitalSignature | other;

    assertRejected(leaf().keyUsage(usage, true).build(), "may hold only");
  }

  @Test
  void a10_aLeafWhoseSanHoldsOnlyADnsNameIsRejected() throws Exception {
    assertRejected(leaf().sans(dns("example.org")).build(), "exactly one URI SAN, found 0");
  }

  @Test
  void a11_aLeafWithNoSanExtensionIsRejected() throws Exception {
    assertRejected(leaf().sans().build(), "exactly one URI SAN, found 0");
  }

  @Test
  void a12_aLeafWithTheSameSpiffeIdTwiceIsRejected() throws Exception {
    String id = "spiffe://example.org/workload";

    assertRejected(leaf().sans(uri(id), uri(id)).build(), "exactly one URI SAN, found 2");
  }

  @Test
  void a13_aSpiffeIdBesideAnHttpsUriIsRejectedBecauseEveryUriCounts() throws Exception {
    X509Certificate cert =
        leaf().sans(uri("spiffe://example.org/service"), uri("https://example.org/")).build();

    assertRejected(cert, "exactly one URI SAN, found 2");
  }

  @Test
  void a14_aSingleHttpsUriIsNotASpiffeId() throws Exception {
    assertRejected(leaf().sans(uri("https://example.org/")).build(), "not a valid SPIFFE ID");
  }

  @Test
  void a15_aUriWithTheWrongSchemeIsRejected() throws Exception {
    X509Certificate cert = leaf().sans(uri("sparfe://domain1.test/workload")).build();

    assertRejected(cert, "not a valid SPIFFE ID: SPIFFE ID \"sparfe://domain1.test/workload\"");
  }

  @Test
  void a16_aSpiffeIdWithASpaceInItsPathIsRejected() throws Exception {
    X509Certificate cert = leaf().sans(uri("spiffe://domain.test/workload/invalid path")).build();

    assertRejected(cert, "not a valid SPIFFE ID");
    assertRejected(cert, "(offending character \" \" at position 37)");
  }

  @Test
  void a17_aTrustDomainIdIsNotAWorkloadId() throws Exception {
    assertRejected(leaf().sans(uri("spiffe://example.org")).build(), "is a trust domain ID");
  }

  @Test
  void a18_aSpiffeIdWithATrailingSlashIsRejected() throws Exception {
    assertRejected(leaf().sans(uri("spiffe://example.org/")).build(), "not a valid SPIFFE ID");
  }

  /** The wording of the reason belongs to the SPIFFE ID parser and is tested there. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "spiffe://Example.org/workload",
        "spiffe://example.org/a/../b",
        "spiffe://example.org//a",
        "spiffe:///workload"
      })
  void otherMalformedSpiffeIdsAreRejectedToo(String uri) throws Exception {
    assertRejected(leaf().sans(uri(uri)).build(), "not a valid SPIFFE ID");
  }

  @Test
  void a19_dnsSansBesideOneSpiffeIdAreAccepted() throws Exception {
    X509Certificate cert =
        leaf()
            .sans(dns("example.org"), uri("spiffe://example.org/w"), dns("workload.example.org"))
            .build();

    assertThat(X509SvidChecker.checkLeaf(cert)).hasToString("spiffe://example.org/w");
  }

  @Test
  void a20_bothTlsPurposesOrNoExtendedKeyUsageAtAllAreAccepted() throws Exception {
    X509SvidChecker.checkLeaf(leaf().build());
    X509SvidChecker.checkLeaf(leaf().extendedKeyUsage().build());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "clientAuth   | lacks serverAuth",
        "serverAuth   | lacks clientAuth",
        "timeStamping | lacks serverAuth and clientAuth",
      })
  void a21_anExtendedKeyUsageWithoutBothTlsPurposesIsRejected(String only, String reason)
      throws Exception {
    KeyPurposeId purpose = PURPOSES.get(only);

    assertRejected(leaf().extendedKeyUsage(purpose).build(), reason);
  }

  @Test
  void a22_aLeafForAnotherIdThanRequestedFailsTheIssuersSelfCheck() throws Exception {
    X509Certificate trustDomainOnly = leaf().sans(uri("spiffe://example.org")).build();
    X509Certificate other = leaf().sans(uri("spiffe://example.org/other")).build();
    SpiffeId requested = SpiffeId.parse("spiffe://example.org/workload");

    X509SvidChecker.checkLeafIs(leaf().build(), requested);
    assertThatThrownBy(() -> X509SvidChecker.checkLeafIs(other, requested))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("expected URI SAN \"spiffe://example.org/workload\"")
        .hasMessageContaining("\"spiffe://example.org/other\"");
    assertThatThrownBy(() -> X509SvidChecker.checkLeafIs(trustDomainOnly, requested))
        .hasMessageContaining("is a trust domain ID");
  }

  /**
   * The JDK's own certificate parser already refuses this shape, so the checker's rule is reached
   * only through certificates parsed by another provider, here Bouncy Castle's.
   */
  @Test
  void a23_aLeafWithAnEmptySubjectNeedsACriticalSan() throws Exception {
    TestCertificate emptySubject = leaf().emptySubject();

    assertThatThrownBy(emptySubject::build).hasMessageContaining("MUST be marked critical");
    assertRejected(emptySubject.buildParsedByBouncyCastle(), "must be critical");
    X509SvidChecker.checkLeaf(leaf().emptySubject().sanCritical().build());
  }

  @Test
  void a24_aLeafWhoseKeyUsageIsNotCriticalIsRejected() throws Exception {
    assertRejected(
        leaf().keyUsage(KeyUsage.digitalSignature, false).build(), "not marked critical");
  }

  @Test
  void aCertificateSignedByItsIssuerVerifies() throws Exception {
    X509SvidChecker.checkSignedBy(leaf().build(), SIGNER.certificate());
  }

  @Test
  void aCertificateSignedByAnotherKeyUnderTheSameNameDoesNotVerify() throws Exception {
    CertificateAuthority impostor = PkiFixtures.root(KeyType.ED25519);
    X509Certificate cert = TestCertificate.leafSignedBy(impostor).build();

    assertThat(impostor.subject()).isEqualTo(SIGNER.subject());
    assertThatThrownBy(() -> X509SvidChecker.checkSignedBy(cert, SIGNER.certificate()))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void aCertificateFromAnIssuerWithAnotherNameIsRejectedByName() throws Exception {
    X509Certificate cert = leaf().build();
    X509Certificate stranger = leaf().subject("O=other").build();

    assertThatThrownBy(() -> X509SvidChecker.checkSignedBy(cert, stranger))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("is not the signer's subject");
  }

  @Test
  void keyMatchesTellsTheRightKeyFromAnyOtherKey() throws Exception {
    TestCertificate template = leaf();
    X509Certificate cert = template.build();

    assertThat(X509SvidChecker.keyMatches(cert, template.keys().getPrivate())).isTrue();
    assertThat(X509SvidChecker.keyMatches(cert, KeyType.EC_P256.generate().getPrivate())).isFalse();
    assertThat(X509SvidChecker.keyMatches(cert, KeyType.ED25519.generate().getPrivate())).isFalse();
    assertThat(X509SvidChecker.keyMatches(cert, SIGNER.privateKey())).isFalse();
    assertThat(X509SvidChecker.keyMatches(cert, null)).isFalse();
  }

  private static void assertRejected(X509Certificate cert, String reason) {
    assertThatThrownBy(() -> X509SvidChecker.checkLeaf(cert))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining(reason);
  }
}
