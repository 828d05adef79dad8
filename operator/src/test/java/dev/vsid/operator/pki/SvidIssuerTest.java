package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.pki.PkiFixtures.WEB;
import static dev.vsid.operator.pki.PkiFixtures.WEB_DNS;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.junit.jupiter.api.Test;

/** The leaf profile and validity of issued SVIDs, on a fixed clock. */
class SvidIssuerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration BACKDATE = Duration.ofSeconds(30);
  private static final CertificateAuthority CA =
      CertificateAuthority.generateRoot(EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(10), CLOCK);

  private final SvidIssuer issuer = new SvidIssuer(CLOCK, BACKDATE);

  @Test
  void anSvidHasExactlyOneUriSanThenTheDnsNamesInOrder() throws Exception {
    X509Certificate leaf = issue(List.of("b.example", "a.example")).leaf();

    assertThat(Certificates.uriSans(leaf)).containsExactly(WEB.toString());
    List<Object> names =
        leaf.getSubjectAlternativeNames().stream().map(name -> name.get(1)).collect(toList());
    assertThat(names).containsExactly(WEB.toString(), "b.example", "a.example");
    assertThat(X509SvidChecker.checkLeaf(leaf)).isEqualTo(WEB);
  }

  @Test
  void theSubjectIsOrganizationPlusTheFirstDnsNameAsCommonName() throws Exception {
    assertThat(subjectOf(issue(WEB_DNS))).isEqualTo("CN=web.default.svc,O=vsid");
    assertThat(subjectOf(issue(List.of()))).isEqualTo("O=vsid");
    String longName = "a".repeat(60) + ".example";
    assertThat(subjectOf(issue(List.of(longName, "short.example")))).isEqualTo("O=vsid");
  }

  @Test
  void theLeafIsANonCaWithOnlyDigitalSignatureAndBothTlsPurposes() throws Exception {
    X509Certificate leaf = issue(WEB_DNS).leaf();

    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    assertThat(leaf.getKeyUsage())
        .containsExactly(true, false, false, false, false, false, false, false, false);
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }

  @Test
  void keyIdentifiersLinkTheLeafToItsKeyAndToTheCa() throws Exception {
    X509Certificate leaf = issue(WEB_DNS).leaf();
    byte[] aki = leaf.getExtensionValue("2.5.29.35");

    assertThat(Certificates.subjectKeyIdentifier(leaf))
        .isEqualTo(Certificates.keyIdentifier(leaf.getPublicKey()));
    assertThat(
            AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(aki).getOctets())
                .getKeyIdentifierOctets())
        .isEqualTo(Certificates.subjectKeyIdentifier(CA.certificate()));
  }

  @Test
  void notBeforeIsBackdatedAndNotAfterIsNowPlusTtl() throws Exception {
    Svid svid = issue(WEB_DNS);

    assertThat(svid.notBefore()).isEqualTo(NOW.minus(BACKDATE));
    assertThat(svid.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void notAfterIsCappedAtTheCasNotAfter() throws Exception {
    SvidRequest request = new SvidRequest(WEB, WEB_DNS, KeyType.EC_P256, Duration.ofDays(400));

    Svid svid = issuer.issue(request, CA);

    assertThat(svid.notAfter()).isEqualTo(CA.notAfter());
  }

  @Test
  void eachIssuanceHasAFreshKeyAndAPositiveDistinctSerial() throws Exception {
    Svid first = issue(WEB_DNS);
    Svid second = issue(WEB_DNS);

    assertThat(first.leaf().getPublicKey()).isNotEqualTo(second.leaf().getPublicKey());
    assertThat(first.serialNumberHex()).isNotEqualTo(second.serialNumberHex());
    assertThat(first.leaf().getSerialNumber()).isPositive();
    assertThat(new BigInteger(first.serialNumberHex(), 16))
        .isEqualTo(first.leaf().getSerialNumber());
    assertThat(X509SvidChecker.keyMatches(first.leaf(), second.privateKey())).isFalse();
  }

  @Test
  void theLeafIsSignedWithTheCasAlgorithmWhateverTheLeafKeyType() throws Exception {
    CertificateAuthority rsaCa = PkiFixtures.root(KeyType.RSA_2048);
    SvidRequest request = new SvidRequest(WEB, List.of(), KeyType.ED25519, Duration.ofHours(1));

    Svid svid = new SvidIssuer(Clock.systemUTC(), BACKDATE).issue(request, rsaCa);

    assertThat(svid.leaf().getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(KeyType.of(svid.leaf().getPublicKey())).contains(KeyType.ED25519);
  }

  @Test
  void aSelfSignedRootIsNotPartOfTheIssuedChain() throws Exception {
    Svid svid = issue(WEB_DNS);

    assertThat(svid.chain()).containsExactly(svid.leaf());
    assertThat(Pem.parseCertificates(svid.chainPem())).containsExactly(svid.leaf());
  }

  @Test
  void anIntermediateFollowsTheLeafInTheIssuedChain() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(PkiFixtures.root(KeyType.EC_P256));

    Svid svid = IntermediateCas.issueWeb(intermediate);

    assertThat(svid.chain()).containsExactly(svid.leaf(), intermediate.certificate());
    X509SvidChecker.checkSignedBy(svid.leaf(), intermediate.certificate());
  }

  private Svid issue(List<String> dnsNames) throws PkiException {
    return issuer.issue(new SvidRequest(WEB, dnsNames, KeyType.EC_P256, Duration.ofHours(1)), CA);
  }

  private static String subjectOf(Svid svid) {
    return svid.leaf().getSubjectX500Principal().getName(X500Principal.RFC2253);
  }
}
