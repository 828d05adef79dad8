package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.pki.TestCertificate.uri;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Section B of x509_svid_cases.md: the rules for certificates that sign SVIDs. Each CA certificate
 * starts as CA:TRUE, keyUsage keyCertSign+cRLSign, and is then spoilt in one way. How {@code
 * fromPem} applies these rules is in {@link CaFromPemTest}.
 */
class SigningCertificateRulesTest {
  private static final CertificateAuthority ROOT = PkiFixtures.root(KeyType.EC_P256);
  private static final TrustDomainName OTHER_ORG = TrustDomainName.parse("other.org");

  private static TestCertificate ca(String uri) {
    return TestCertificate.caSignedBy(ROOT, KeyType.EC_P256.generate(), uri);
  }

  @Test
  void b1_anIntermediateWithTheCaFlagAllThreeUsagesAndTheTrustDomainIdIsAccepted()
      throws Exception {
    int usage = KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign;
    X509Certificate cert = ca("spiffe://example.org").keyUsage(usage, true).build();

    X509SvidChecker.checkSigningCertificate(cert);
    X509SvidChecker.checkSigningCertificate(cert, EXAMPLE_ORG);
  }

  @Test
  void b2_anIntermediateWithoutTheCaFlagIsRejected() throws Exception {
    assertRejected(ca("spiffe://example.org").ca(false).build(), "is not a CA (basicConstraints");
  }

  @Test
  void b3_anIntermediateWithOnlyCrlSignIsRejectedForLackingKeyCertSign() throws Exception {
    X509Certificate cert = ca("spiffe://example.org").keyUsage(KeyUsage.cRLSign, true).build();

    assertRejected(cert, "lacks the keyCertSign key usage");
  }

  @Test
  void b4_anIntermediateWithoutBasicConstraintsOrWithoutKeyUsageIsRejected() throws Exception {
    assertRejected(ca("spiffe://example.org").ca(null).build(), "no basicConstraints extension");
    assertRejected(
        ca("spiffe://example.org").keyUsage(null, true).build(), "no keyUsage extension");
  }

  @Test
  void b5_aCaWithKeyAgreementIsRejected() throws Exception {
    int usage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.keyAgreement;
    X509Certificate cert = ca("spiffe://example.org").keyUsage(usage, true).build();

    assertRejected(cert, "may hold only keyCertSign, cRLSign and digitalSignature");
    assertRejected(cert, "but also has keyAgreement");
  }

  @ParameterizedTest
  @CsvSource({
    "" + KeyUsage.dataEncipherment + ", dataEncipherment",
    "" + KeyUsage.keyEncipherment + ", keyEncipherment",
    "" + KeyUsage.nonRepudiation + ", nonRepudiation",
    "" + KeyUsage.encipherOnly + ", encipherOnly",
  })
  void b5_anyOtherUsageBesideTheCaUsagesIsRejectedToo(int extra, String name) throws Exception {
    int usage = KeyUsage.keyCertSign | KeyUsage.cRLSign | extra;
    X509Certificate cert = ca("spiffe://example.org").keyUsage(usage, true).build();

    assertRejected(cert, "but also has " + name);
  }

  @Test
  void b6_aCaWithoutUriSanIsAccepted() throws Exception {
    X509Certificate cert = ca(null).build();

    X509SvidChecker.checkSigningCertificate(cert);
    X509SvidChecker.checkSigningCertificate(cert, EXAMPLE_ORG);
  }

  @Test
  void b7_aCaUriSanWithAPathIsRejected() throws Exception {
    X509Certificate cert = ca("spiffe://example.org/spire/server").build();

    assertRejected(cert, "URI SAN spiffe://example.org/spire/server has a path");
    assertRejected(cert, "must be the trust domain ID spiffe://example.org");
  }

  @Test
  void b7_aCaWithTwoUriSansIsRejected() throws Exception {
    X509Certificate cert =
        ca(null)
            .sans(uri("spiffe://example.org"), uri("spiffe://example.org/spire/server"))
            .build();

    assertRejected(cert, "has 2 URI SANs; a SPIFFE CA may have only one");
  }

  @Test
  void b7_aCaOfAnotherTrustDomainIsRejectedWhenATrustDomainIsExpected() throws Exception {
    X509Certificate cert = ca("spiffe://other.org").build();

    X509SvidChecker.checkSigningCertificate(cert);
    X509SvidChecker.checkSigningCertificate(cert, OTHER_ORG);
    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(cert, EXAMPLE_ORG))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("belongs to trust domain other.org, not example.org")
        .hasMessageContaining("must be spiffe://example.org");
  }

  @Test
  void b7_aCaUriSanThatIsNotASpiffeIdIsRejected() throws Exception {
    assertRejected(ca("https://ca.example.org/").build(), "URI SAN is not a SPIFFE ID");
  }

  @Test
  void b8_aCaWithoutBasicConstraintsWithoutTheCaFlagOrWithNoKeyUsageBitIsRejected()
      throws Exception {
    assertRejected(ca("spiffe://example.org").ca(null).build(), "no basicConstraints");
    assertRejected(ca("spiffe://example.org").ca(false).build(), "is not a CA");
    assertRejected(ca("spiffe://example.org").keyUsage(0, true).build(), "lacks the keyCertSign");
  }

  private static void assertRejected(X509Certificate cert, String reason) {
    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(cert))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(cert, EXAMPLE_ORG))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining(reason);
  }
}
