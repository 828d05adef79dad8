package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Section C of x509_svid_cases.md: a peer's chain verified against the bundles, on fixed times. */
class X509SvidVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TrustDomainName DOMAIN1 = TrustDomainName.parse("domain1.test");
  private static final TrustDomainName DOMAIN2 = TrustDomainName.parse("domain2.test");
  private static final SpiffeId WORKLOAD = SpiffeId.parse("spiffe://domain1.test/workload");
  private static final CertificateAuthority CA1 = root(DOMAIN1);
  private static final CertificateAuthority CA2 = root(DOMAIN2);
  private static final Svid SVID = issue(WORKLOAD, CA1);

  @Test
  void c1_aLeafSignedByItsDomainsCaVerifiesAgainstThatCa() throws Exception {
    SpiffeId id = X509SvidVerifier.verifyChain(SVID.chain(), bundle(DOMAIN1, CA1), NOW);

    assertThat(id).isEqualTo(WORKLOAD);
  }

  @Test
  void c1_aBundleMayHoldTheTopCertificateOfTheChainInsteadOfTheRoot() throws Exception {
    CertificateAuthority intermediate = intermediateUnder(CA1, "O=test,CN=int");
    Svid svid = issue(WORKLOAD, intermediate);

    SpiffeId id =
        X509SvidVerifier.verifyChain(
            svid.chain(), Map.of(DOMAIN1, List.of(intermediate.certificate())), NOW);

    assertThat(svid.chain()).hasSize(2);
    assertThat(id).isEqualTo(WORKLOAD);
  }

  @Test
  void c2_aThreeLevelChainVerifiesAgainstABundleOfItsRootAndAnUnrelatedRoot() throws Exception {
    CertificateAuthority int1 = intermediateUnder(CA1, "O=test,CN=int1");
    CertificateAuthority int2 = intermediateUnder(int1, "O=test,CN=int2");
    SpiffeId test = SpiffeId.parse("spiffe://domain1.test/test");
    Svid svid = issue(test, int2);
    CertificateAuthority unrelated = root(DOMAIN1);
    Map<TrustDomainName, Collection<X509Certificate>> bundles =
        Map.of(DOMAIN1, List.of(unrelated.certificate(), CA1.certificate()));

    assertThat(svid.chain()).hasSize(3);
    assertThat(X509SvidVerifier.verifyChain(svid.chain(), bundles, NOW)).isEqualTo(test);
  }

  @Test
  void aChainThatCarriesItsRootVerifiesAgainstABundleOfThatRoot() throws Exception {
    CertificateAuthority intermediate = intermediateUnder(CA1, "O=test,CN=int");
    List<X509Certificate> chain =
        List.of(
            issue(WORKLOAD, intermediate).leaf(), intermediate.certificate(), CA1.certificate());

    assertThat(X509SvidVerifier.verifyChain(chain, bundle(DOMAIN1, CA1), NOW)).isEqualTo(WORKLOAD);
  }

  @Test
  void c3_anEmptyChainIsRejected() {
    assertRejected(List.of(), bundle(DOMAIN1, CA1), NOW)
        .hasMessageContaining("empty certificate chain");
    assertRejected(null, bundle(DOMAIN1, CA1), NOW).hasMessageContaining("empty certificate chain");
  }

  @Test
  void c4_noBundleForTheLeafsTrustDomainIsRejectedNamingTheTrustDomain() {
    assertRejected(SVID.chain(), bundle(DOMAIN2, CA2), NOW)
        .hasMessageContaining("no X.509 bundle for trust domain \"domain1.test\"");
  }

  @Test
  void c5_anEmptyBundleForTheLeafsTrustDomainIsRejected() {
    assertRejected(SVID.chain(), Map.of(DOMAIN1, List.of()), NOW)
        .hasMessageContaining("bundle of trust domain \"domain1.test\" holds no authorities");
  }

  @Test
  void c6_aBundleUnderTheLeafsDomainHoldingAnotherDomainsCaIsRejected() {
    assertRejected(SVID.chain(), bundle(DOMAIN1, CA2), NOW)
        .hasMessageContaining("does not verify against the X.509 bundle of trust domain")
        .hasMessageContaining("does not chain with any of the trust anchors");
  }

  @Test
  void c6_theBundlesOfOtherTrustDomainsAreNeverPooled() {
    Map<TrustDomainName, Collection<X509Certificate>> crossed =
        Map.of(DOMAIN1, List.of(CA2.certificate()), DOMAIN2, List.of(CA1.certificate()));

    assertRejected(SVID.chain(), crossed, NOW).hasMessageContaining("trust anchors");
  }

  @Test
  void c7_aLeafOneSecondPastItsNotAfterIsRejectedSayingWhichCertificateAndWhen() throws Exception {
    Instant notAfter = SVID.notAfter();

    X509SvidVerifier.verifyChain(SVID.chain(), bundle(DOMAIN1, CA1), notAfter);
    assertRejected(SVID.chain(), bundle(DOMAIN1, CA1), notAfter.plusSeconds(1))
        .hasMessageContaining("certificate 1 (the leaf, subject O=vsid)")
        .hasMessageContaining("has expired: its validity ended at " + notAfter)
        .hasMessageContaining("checked at " + notAfter.plusSeconds(1));
  }

  @Test
  void c8_aLeafBeforeItsNotBeforeIsRejectedSayingWhenItStarts() {
    Instant notBefore = SVID.notBefore();

    assertRejected(SVID.chain(), bundle(DOMAIN1, CA1), notBefore.minusSeconds(1))
        .hasMessageContaining("certificate 1 (the leaf")
        .hasMessageContaining("is not yet valid: its validity starts at " + notBefore);
  }

  @Test
  void c8_anExpiredBundleAuthorityIsRejectedByName() throws Exception {
    CertificateAuthority expired = expiredRoot();
    X509Certificate leaf = leafSignedBy(expired);

    assertRejected(List.of(leaf), bundle(DOMAIN1, expired), NOW)
        .hasMessageContaining("the bundle authority (subject CN=domain1.test,O=vsid)")
        .hasMessageContaining("has expired: its validity ended at " + expired.notAfter());
  }

  @Test
  void c8_anExpiredIntermediateIsRejectedByName() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate cert =
        TestCertificate.caSignedBy(CA1, keys, "spiffe://domain1.test")
            .subject("O=test,CN=int")
            .validity(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(1)))
            .build();
    CertificateAuthority intermediate = unchecked(cert, keys, CA1);
    X509Certificate leaf = leafSignedBy(intermediate);

    assertRejected(List.of(leaf, cert), bundle(DOMAIN1, CA1), NOW)
        .hasMessageContaining("certificate 2 (subject CN=int,O=test) has expired")
        .hasMessageContaining("ended at " + NOW.minus(Duration.ofHours(1)));
  }

  @Test
  void c9_anIdOutsideTheAcceptedSetIsRejected() throws Exception {
    SpiffeId test = SpiffeId.parse("spiffe://example.org/test");
    Set<SpiffeId> accepted = Set.of(SpiffeId.parse("spiffe://example.org/other"));

    X509SvidVerifier.verifySpiffeId(test, Set.of(test));
    assertThatThrownBy(() -> X509SvidVerifier.verifySpiffeId(test, accepted))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("SPIFFE ID spiffe://example.org/test is not accepted")
        .hasMessageContaining("spiffe://example.org/other");
  }

  @Test
  void c9_anEmptyAcceptedSetIsRejectedWithItsOwnMessage() {
    SpiffeId test = SpiffeId.parse("spiffe://example.org/test");

    assertThatThrownBy(() -> X509SvidVerifier.verifySpiffeId(test, Set.of()))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("the set of accepted SPIFFE IDs is empty");
    assertThatThrownBy(() -> X509SvidVerifier.verifySpiffeId(test, null))
        .hasMessageContaining("the set of accepted SPIFFE IDs is empty");
  }

  @Test
  void theLeafProfileIsCheckedBeforeThePath() throws Exception {
    X509Certificate caLeaf = leaf(CA1).ca(true).build();

    assertRejected(List.of(caLeaf), bundle(DOMAIN1, CA1), NOW)
        .hasMessageContaining("leaf certificate is a CA");
  }

  @Test
  void anIntermediateIsCheckedAsASigningCertificateOfTheLeafsTrustDomain() throws Exception {
    CertificateAuthority foreign = intermediateUnder(CA2, "O=test,CN=foreign");
    X509Certificate leaf = leafSignedBy(foreign);

    assertRejected(List.of(leaf, foreign.certificate()), bundle(DOMAIN1, CA2), NOW)
        .hasMessageContaining("certificate 2: signing certificate belongs to trust domain")
        .hasMessageContaining("domain2.test, not domain1.test");
  }

  @Test
  void verifyPathChecksOnlyThePath() throws Exception {
    List<X509Certificate> noId = List.of(leaf(CA1).sans().build());

    X509SvidVerifier.verifyPath(noId, List.of(CA1.certificate()), NOW);
    assertThatThrownBy(() -> X509SvidVerifier.verifyPath(noId, List.of(CA2.certificate()), NOW))
        .hasMessageContaining("trust anchors");
    assertThatThrownBy(() -> X509SvidVerifier.verifyPath(noId, List.of(), NOW))
        .hasMessageContaining("no authorities");
  }

  /** A leaf for {@link #WORKLOAD} under {@code ca}, valid for an hour around {@link #NOW}. */
  static TestCertificate leaf(CertificateAuthority ca) {
    return TestCertificate.leafSignedBy(ca)
        .sans(TestCertificate.uri(WORKLOAD.toString()))
        .validity(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
  }

  static X509Certificate leafSignedBy(CertificateAuthority ca) throws Exception {
    return leaf(ca).build();
  }

  /** A domain1 root that expired two days before {@link #NOW}. */
  static CertificateAuthority expiredRoot() {
    return CertificateAuthority.generateRoot(
        DOMAIN1,
        KeyType.EC_P256,
        Duration.ofDays(1),
        Clock.fixed(NOW.minus(Duration.ofDays(3)), ZoneOffset.UTC));
  }

  /** A CA under {@code parent} with the parent's validity, built without fromPem's checks. */
  static CertificateAuthority intermediateUnder(CertificateAuthority parent, String subject)
      throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate cert =
        TestCertificate.caSignedBy(parent, keys, parent.trustDomain().id().toString())
            .subject(subject)
            .validity(parent.notBefore(), parent.notAfter())
            .build();
    return unchecked(cert, keys, parent);
  }

  private static CertificateAuthority unchecked(
      X509Certificate cert, KeyPair keys, CertificateAuthority parent) {
    List<X509Certificate> chain = new ArrayList<>(List.of(cert));
    chain.addAll(parent.chain());
    return new CertificateAuthority(
        parent.trustDomain(), chain, parent.roots(), keys.getPrivate(), KeyType.EC_P256);
  }

  private static CertificateAuthority root(TrustDomainName trustDomain) {
    return CertificateAuthority.generateRoot(
        trustDomain, KeyType.EC_P256, Duration.ofDays(2), CLOCK);
  }

  private static Svid issue(SpiffeId id, CertificateAuthority ca) {
    try {
      SvidRequest request = new SvidRequest(id, List.of(), KeyType.EC_P256, Duration.ofHours(1));
      return new SvidIssuer(CLOCK, Duration.ofSeconds(30)).issue(request, ca);
    } catch (PkiException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static Map<TrustDomainName, Collection<X509Certificate>> bundle(
      TrustDomainName trustDomain, CertificateAuthority ca) {
    return Map.of(trustDomain, List.of(ca.certificate()));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      List<X509Certificate> chain,
      Map<TrustDomainName, Collection<X509Certificate>> bundles,
      Instant at) {
    return assertThatThrownBy(() -> X509SvidVerifier.verifyChain(chain, bundles, at))
        .isInstanceOf(SvidCheckException.class);
  }
}
