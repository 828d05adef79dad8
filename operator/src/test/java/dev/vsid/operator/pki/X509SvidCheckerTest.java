package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.TestCertificate.dns;
import static dev.vsid.operator.pki.TestCertificate.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Section A of x509_svid_cases.md, with each defect built on its own by Bouncy Castle. */
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
  void aMinimalWellFormedLeafIsAcceptedAndItsIdReturned() throws Exception {
    X509Certificate cert = leaf().build();

    assertThat(X509SvidChecker.checkLeaf(cert)).hasToString("spiffe://example.org/workload");
  }

  @Test
  void aLeafWithTheCaFlagIsRejected() throws Exception {
    assertRejected(leaf().ca(true).build(), "leaf certificate is a CA");
  }

  @Test
  void aLeafWithoutBasicConstraintsIsRejected() throws Exception {
    assertRejected(leaf().ca(null).build(), "no basicConstraints");
  }

  @Test
  void aLeafWithoutKeyUsageIsRejected() throws Exception {
    assertRejected(leaf().keyUsage(null, true).build(), "no keyUsage");
  }

  @Test
  void aLeafWhoseKeyUsageIsNotCriticalIsRejected() throws Exception {
    assertRejected(
        leaf().keyUsage(KeyUsage.digitalSignature, false).build(), "not marked critical");
  }

  static Stream<Arguments> forbiddenKeyUsages() {
    return Stream.of(
        Arguments.of(KeyUsage.digitalSignature | KeyUsage.keyCertSign, "includes keyCertSign"),
        Arguments.of(KeyUsage.digitalSignature | KeyUsage.cRLSign, "includes cRLSign"),
        Arguments.of(KeyUsage.keyCertSign | KeyUsage.cRLSign, "lacks digitalSignature"),
        Arguments.of(KeyUsage.keyEncipherment, "lacks digitalSignature"),
        Arguments.of(KeyUsage.digitalSignature | KeyUsage.dataEncipherment, "may hold only"),
        Arguments.of(KeyUsage.digitalSignature | KeyUsage.nonRepudiation, "may hold only"),
        Arguments.of(KeyUsage.digitalSignature | KeyUsage.decipherOnly, "may hold only"));
  }

  @ParameterizedTest
  @MethodSource("forbiddenKeyUsages")
  void aLeafWithAForbiddenKeyUsageMixIsRejected(int usage, String reason) throws Exception {
    assertRejected(leaf().keyUsage(usage, true).build(), reason);
  }

  @Test
  void aLeafWithKeyEnciphermentAndKeyAgreementBesideDigitalSignatureIsAccepted() throws Exception {
    int usage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement;

    X509SvidChecker.checkLeaf(leaf().keyUsage(usage, true).build());
  }

  @Test
  void aLeafWithNoSanExtensionIsRejected() throws Exception {
    assertRejected(leaf().sans().build(), "exactly one URI SAN, found 0");
  }

  @Test
  void aLeafWithOnlyADnsSanIsRejected() throws Exception {
    assertRejected(leaf().sans(dns("example.org")).build(), "exactly one URI SAN, found 0");
  }

  @Test
  void aLeafWithTheSameSpiffeIdTwiceIsRejected() throws Exception {
    String id = "spiffe://example.org/workload";

    assertRejected(leaf().sans(uri(id), uri(id)).build(), "exactly one URI SAN, found 2");
  }

  @Test
  void aLeafWithASpiffeIdAndAnHttpsUriIsRejectedBecauseAllUrisCount() throws Exception {
    X509Certificate cert =
        leaf().sans(uri("spiffe://example.org/service"), uri("https://example.org/")).build();

    assertRejected(cert, "exactly one URI SAN, found 2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://example.org/                        | not a valid SPIFFE ID",
        "sparfe://domain1.test/workload              | not a valid SPIFFE ID",
        "spiffe://domain.test/workload/invalid path  | not a valid SPIFFE ID",
        "spiffe://example.org/                       | not a valid SPIFFE ID",
        "spiffe://Example.org/workload               | not a valid SPIFFE ID",
        "spiffe://example.org/a/../b                 | not a valid SPIFFE ID",
        "spiffe://example.org                        | is a trust domain ID",
      })
  void aLeafWhoseOnlyUriIsNotAWorkloadSpiffeIdIsRejected(String uri, String reason)
      throws Exception {
    assertRejected(leaf().sans(uri(uri)).build(), reason);
  }

  @Test
  void aLeafWithDnsSansBesideOneSpiffeIdIsAccepted() throws Exception {
    X509Certificate cert =
        leaf()
            .sans(dns("example.org"), uri("spiffe://example.org/w"), dns("workload.example.org"))
            .build();

    assertThat(X509SvidChecker.checkLeaf(cert)).hasToString("spiffe://example.org/w");
  }

  @Test
  void aLeafWithoutExtendedKeyUsageIsAccepted() throws Exception {
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
  void aLeafWithExtendedKeyUsageMissingServerOrClientAuthIsRejected(String only, String reason)
      throws Exception {
    KeyPurposeId purpose = PURPOSES.get(only);

    assertRejected(leaf().extendedKeyUsage(purpose).build(), reason);
  }

  /**
   * The JDK's own certificate parser already refuses this shape (A23), so the checker's rule is
   * reached only through certificates parsed by another provider, here Bouncy Castle's.
   */
  @Test
  void aLeafWithAnEmptySubjectNeedsACriticalSan() throws Exception {
    TestCertificate emptySubject = leaf().emptySubject();

    assertThatThrownBy(emptySubject::build).hasMessageContaining("MUST be marked critical");
    assertRejected(emptySubject.buildParsedByBouncyCastle(), "must be critical");
    X509SvidChecker.checkLeaf(leaf().emptySubject().sanCritical().build());
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
  void aSigningCertificateNeedsTheCaFlagAndKeyCertSign() throws Exception {
    X509SvidChecker.checkSigningCertificate(SIGNER.certificate());

    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(leaf().build()))
        .hasMessageContaining("not a CA");
    X509Certificate crlSignOnly = leaf().ca(true).keyUsage(KeyUsage.cRLSign, true).build();
    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(crlSignOnly))
        .hasMessageContaining("keyCertSign");
    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(leaf().ca(null).build()))
        .hasMessageContaining("no basicConstraints");
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
