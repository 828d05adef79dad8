package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.pki.PkiFixtures.WEB;
import static dev.vsid.operator.pki.PkiFixtures.WEB_DNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.spiffe.SpiffeId;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/**
 * Section E of x509_svid_cases.md: what SPIRE's credential builder does, held against {@link
 * SvidIssuer}. The section's bullets are numbered here e1 to e5 in their order.
 */
class SvidIssuerConformanceTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration DEFAULT_BACKDATE =
      OperatorSettings.defaults("vsid-system").backdate();
  private static final CertificateAuthority CA =
      CertificateAuthority.generateRoot(EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(10), CLOCK);

  private final SvidIssuer issuer = new SvidIssuer(CLOCK, DEFAULT_BACKDATE);

  /**
   * SPIRE sets keyUsage digitalSignature|keyEncipherment|keyAgreement; this issuer sets only
   * digitalSignature, which X509-SVID §4.3 requires (the other two are allowed, not required, see
   * case A8). Everything else matches: CA:FALSE, both TLS purposes, one URI SAN, AKI = parent SKI.
   */
  @Test
  void e1_aWorkloadSvidIsANonCaForTlsWithOneUriSanAndTheParentsKeyId() throws Exception {
    X509Certificate leaf = issue(WEB, WEB_DNS, Duration.ofHours(1), CA).leaf();

    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(Certificates.isCritical(leaf, Extension.basicConstraints)).isTrue();
    assertThat(leaf.getKeyUsage()[0]).isTrue();
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(Certificates.uriSans(leaf)).containsExactly(WEB.toString());
    assertThat(authorityKeyId(leaf)).isEqualTo(Certificates.subjectKeyIdentifier(CA.certificate()));
  }

  @Test
  void e1_anSvidFromAnIntermediateCarriesTheIntermediatesKeyIdAsAuthorityKeyId() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(PkiFixtures.root(KeyType.EC_P256));

    X509Certificate leaf = IntermediateCas.issueWeb(intermediate).leaf();

    assertThat(authorityKeyId(leaf))
        .isEqualTo(Certificates.subjectKeyIdentifier(intermediate.certificate()));
  }

  /**
   * SPIRE backdates notBefore by 10 s (NotBeforeCushion). This project backdates by a configurable
   * amount (VSID_BACKDATE) whose default is 30 s, to absorb more clock skew between nodes.
   */
  @Test
  void e2_notBeforeIsBackdatedByTheConfiguredAmountWhichDefaultsTo30Seconds() throws Exception {
    Svid svid = issue(WEB, WEB_DNS, Duration.ofHours(1), CA);

    assertThat(DEFAULT_BACKDATE).isEqualTo(Duration.ofSeconds(30));
    assertThat(svid.notBefore()).isEqualTo(NOW.minus(DEFAULT_BACKDATE));
    assertThat(svid.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void e2_aTtlBeyondTheCasNotAfterIsCappedAtIt() throws Exception {
    Svid svid = issue(WEB, WEB_DNS, Duration.ofDays(400), CA);

    assertThat(svid.notAfter()).isEqualTo(CA.notAfter());
  }

  @Test
  void e2_aTtlIsCappedByTheWholeParentChainNotJustTheSigningCa() throws Exception {
    CertificateAuthority ca = intermediateUnderRootValidFor(Duration.ofHours(2));

    Svid svid = issue(WEB, WEB_DNS, Duration.ofDays(1), ca);

    assertThat(ca.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(10)));
    assertThat(svid.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(2)));
  }

  @Test
  void nothingIsIssuedOnceACertificateAboveTheSigningCaHasExpired() throws Exception {
    CertificateAuthority ca = intermediateUnderRootValidFor(Duration.ofHours(2));
    SvidIssuer later =
        new SvidIssuer(
            Clock.fixed(NOW.plus(Duration.ofHours(3)), ZoneOffset.UTC), DEFAULT_BACKDATE);
    SvidRequest request = new SvidRequest(WEB, WEB_DNS, KeyType.EC_P256, Duration.ofHours(1));

    assertThatThrownBy(() -> later.issue(request, ca))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("a certificate above the CA")
        .hasMessageContaining("expired at " + NOW.plus(Duration.ofHours(2)));
  }

  /**
   * The DNS names become DNS SANs and the first is the subject CN. SPIRE does so even when a
   * subject is supplied; an SvidRequest has no subject to supply, so that variant cannot arise
   * here.
   */
  @Test
  void e3_theDnsNamesAreDnsSansAndTheFirstIsTheCommonName() throws Exception {
    X509Certificate leaf =
        issue(WEB, List.of("b.example", "a.example"), Duration.ofHours(1), CA).leaf();

    assertThat(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253))
        .isEqualTo("CN=b.example,O=vsid");
    List<Object> names =
        leaf.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList();
    assertThat(names).containsExactly(WEB.toString(), "b.example", "a.example");
  }

  @Test
  void e4_anIdOutsideTheCasTrustDomainIsRefused() {
    SpiffeId foreign = SpiffeId.parse("spiffe://otherdomain.test/spire/agent/foo/foo-1");

    assertThatThrownBy(() -> issue(foreign, List.of(), Duration.ofHours(1), CA))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("spiffe://otherdomain.test/spire/agent/foo/foo-1")
        .hasMessageContaining("is not in trust domain example.org");
  }

  /** An empty ID cannot even be built as a SpiffeId, so "empty" reaches the issuer as none. */
  @Test
  void e4_anEmptyIdIsRefused() {
    assertThatThrownBy(() -> SpiffeId.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issue(null, List.of(), Duration.ofHours(1), CA))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("no SPIFFE ID was given");
  }

  @Test
  void e5_aGeneratedCaHasKeyCertSignAndCrlSignAndTheCaFlag() {
    X509Certificate root = CA.certificate();

    assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(root.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
  }

  /** An intermediate valid for ten days under a root that expires after {@code rootTtl}. */
  private static CertificateAuthority intermediateUnderRootValidFor(Duration rootTtl)
      throws Exception {
    CertificateAuthority shortRoot =
        CertificateAuthority.generateRoot(EXAMPLE_ORG, KeyType.EC_P256, rootTtl, CLOCK);
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate longIntermediate =
        TestCertificate.caSignedBy(shortRoot, keys, "spiffe://example.org")
            .validity(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(10)))
            .build();
    return CertificateAuthority.fromPem(
        EXAMPLE_ORG,
        Pem.encodeCertificates(List.of(longIntermediate)),
        Pem.encodePrivateKey(keys.getPrivate()),
        Pem.encodeCertificates(shortRoot.roots()));
  }

  private Svid issue(SpiffeId id, List<String> dns, Duration ttl, CertificateAuthority ca)
      throws PkiException {
    return issuer.issue(new SvidRequest(id, dns, KeyType.EC_P256, ttl), ca);
  }

  private static byte[] authorityKeyId(X509Certificate leaf) {
    byte[] extension = leaf.getExtensionValue("2.5.29.35");
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
        .getKeyIdentifierOctets();
  }
}
