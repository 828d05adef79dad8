package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.JSON;
import static dev.vsid.operator.bundle.BundleFixtures.base64;
import static dev.vsid.operator.bundle.BundleFixtures.document;
import static dev.vsid.operator.bundle.BundleFixtures.jwtEntry;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static dev.vsid.operator.bundle.BundleFixtures.text;
import static dev.vsid.operator.bundle.BundleFixtures.witEntry;
import static dev.vsid.operator.bundle.BundleFixtures.x509Entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.pki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cases J1-J17 and J20 of the shared bundles.md, read as SPIFFE bundles (JWK Sets). */
class SpiffeBundleJsonCasesTest {
  private final X509Certificate p384 = root(KeyType.EC_P384);
  private final X509Certificate p256 = root(KeyType.EC_P256);

  @Test
  void j1_anX509EntryNextToAJwtEntryGivesOneAuthorityAndNoSequenceOrHint() throws Exception {
    TrustBundle bundle = read(document(x509Entry(p384), jwtEntry("C6vs25welZOx6WksNYfbMfiw9l96")));

    assertThat(bundle.authorities()).containsExactly(p384);
    assertThat(bundle.sequence()).isEmpty();
    assertThat(bundle.refreshHint()).isEmpty();
  }

  @Test
  void j3_witSvidEntriesAreIgnoredForX509() throws Exception {
    ObjectNode document =
        document(x509Entry(p384), jwtEntry("a"), jwtEntry("b"), witEntry("c"), witEntry("d"));

    assertThat(read(document).authorities()).containsExactly(p384);
  }

  @Test
  void j4_aDocumentWithoutKeysIsRejected() {
    assertThatThrownBy(() -> read("{\"spiffe_refresh_hint\":60,\"spiffe_sequence\":1}"))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("no \"keys\" member");
  }

  @Test
  void j4_keysThatAreNullOrNotAnArrayAreRejected() {
    assertThatThrownBy(() -> read("{\"keys\":null}")).hasMessageContaining("not null");
    assertThatThrownBy(() -> read("{\"keys\":{}}")).hasMessageContaining("not an object");
  }

  @Test
  void j5_anEmptyKeySetIsAValidEmptyBundle() throws Exception {
    TrustBundle bundle = read("{\"keys\":[]}");

    assertThat(bundle.isEmpty()).isTrue();
    assertThat(bundle).isEqualTo(TrustBundle.empty(EXAMPLE_ORG));
  }

  @Test
  void j6_anX509EntryWithTwoCertificatesUsesTheFirst() throws Exception {
    // Spec verdict (X509-SVID §6.2): use x5c[0], ignore the rest. DIVERGENT: go-spiffe and SPIRE
    // reject the whole bundle ("expected a single certificate in x509-svid entry 0; got 2").
    ObjectNode entry = x509Entry(p384);
    entry.withArray("x5c").add(base64(p256));

    assertThat(read(document(entry)).authorities()).containsExactly(p384);
  }

  @Test
  void j6_certificatesAfterTheFirstAreNotEvenParsed() throws Exception {
    ObjectNode entry = x509Entry(p384);
    entry.withArray("x5c").add("not base64 at all").add(17);

    assertThat(read(document(entry)).authorities()).containsExactly(p384);
  }

  @Test
  void j7_anX509EntryWithoutX5cIsIgnored() throws Exception {
    // Spec verdict (X509-SVID §6.2): ignore the entry. DIVERGENT: go-spiffe and SPIRE reject the
    // bundle ("expected a single certificate in x509-svid entry 0; got 0").
    ObjectNode withoutX5c = x509Entry(p256);
    withoutX5c.remove("x5c");
    ObjectNode emptyX5c = x509Entry(p256);
    emptyX5c.putArray("x5c");

    assertThat(read(document(withoutX5c, emptyX5c, x509Entry(p384))).authorities())
        .containsExactly(p384);
    assertThat(read(document(withoutX5c)).isEmpty()).isTrue();
  }

  @Test
  void j8_anEntryWithoutUseIsIgnored() throws Exception {
    // Spec verdict (TDB §4.2.2): ignore the entry. DIVERGENT: SPIRE rejects the bundle
    // ("missing use for key entry 0"); go-spiffe skips it as we do.
    ObjectNode withoutUse = x509Entry(p256);
    withoutUse.remove("use");

    assertThat(read(document(withoutUse, x509Entry(p384))).authorities()).containsExactly(p384);
  }

  @Test
  void j9_anEntryWithAnUnknownUseIsIgnored() throws Exception {
    // Spec verdict (TDB §4.2.2): ignore the entry. DIVERGENT: SPIRE rejects the bundle
    // ("unrecognized use \"bad stuff\" for key entry 0"); go-spiffe skips it as we do.
    ObjectNode badUse = x509Entry(p256).put("use", "bad stuff");

    assertThat(read(document(badUse, x509Entry(p384))).authorities()).containsExactly(p384);
  }

  @Test
  void j10_useIsCaseSensitiveSoX509SvidInCapitalsIsIgnored() throws Exception {
    ObjectNode capitals = x509Entry(p384).put("use", "X509-SVID");

    TrustBundle bundle = read(document(capitals));

    assertThat(bundle.isEmpty()).as("the trust domain does not support X509-SVIDs").isTrue();
  }

  @Test
  void j11_aJwtEntryWithoutKidDoesNotCostTheX509Authority() throws Exception {
    // The spec sets no consumer rule; an X.509 propagator keeps the CA. DIVERGENT: go-spiffe and
    // SPIRE reject the whole bundle ("keyID cannot be empty" / "missing key ID").
    assertThat(read(document(x509Entry(p384), jwtEntry(null))).authorities()).containsExactly(p384);
  }

  @Test
  void j12_aWitEntryWithoutKidDoesNotCostTheX509Authority() throws Exception {
    // As J11. DIVERGENT: SPIRE rejects the bundle ("missing key ID in wit-svid entry 0").
    assertThat(read(document(witEntry(null), x509Entry(p384))).authorities()).containsExactly(p384);
  }

  @Test
  void j13_anEntryWithAnUnknownOrMissingKtyIsIgnored() throws Exception {
    // Spec verdict (TDB §4.2.1): ignore that entry only. go-jose fails the whole document.
    ObjectNode unknownKty = x509Entry(p256).put("kty", "XYZ");
    ObjectNode missingKty = x509Entry(p256);
    missingKty.remove("kty");

    assertThat(read(document(unknownKty, missingKty, x509Entry(p384))).authorities())
        .containsExactly(p384);
  }

  @Test
  void j14_mismatchingJwkParametersUseTheCertificateInX5c() throws Exception {
    // Not covered by the spec: the certificate is what X.509 validation needs. go-jose rejects.
    ObjectNode mismatched = x509Entry(p384);
    mismatched.set("x5c", JSON.createArrayNode().add(base64(p256)));

    assertThat(read(document(mismatched)).authorities()).containsExactly(p256);
  }

  @Test
  void j16_theSpecsFirstAppendixBundleGivesOneAuthorityRefreshedEvery28Days() throws Exception {
    X509Certificate cert1 = root(KeyType.RSA_2048);
    String json =
        "{\"spiffe_sequence\":1,\"spiffe_refresh_hint\":2419200,\"keys\":["
            + rsaEntry(cert1)
            + "]}";

    TrustBundle bundle = read(json);

    assertThat(bundle.authorities()).containsExactly(cert1);
    assertThat(bundle.refreshHint()).contains(Duration.ofDays(28));
    assertThat(bundle.sequence()).hasValue(1);
  }

  @Test
  void j17_theSpecsRotationBundleGivesTwoAuthoritiesAndAHigherSequence() throws Exception {
    // The spec's sample CA has the URI SAN spiffe://example.com/ (trailing slash), not a valid
    // SPIFFE ID: roots in a bundle must not be required to carry one.
    X509Certificate cert1 = root(KeyType.RSA_2048);
    X509Certificate cert2 = HandMadeCertificates.rsaWithUri("spiffe://example.com/");
    String first = "{\"spiffe_sequence\":1,\"keys\":[" + rsaEntry(cert1) + "]}";
    String second =
        "{\"spiffe_sequence\":2,\"spiffe_refresh_hint\":2419200,\"keys\":["
            + rsaEntry(cert1)
            + ","
            + rsaEntry(cert2)
            + "]}";

    TrustBundle rotated = read(second);

    assertThat(rotated.authorities()).containsExactlyInAnyOrder(cert1, cert2);
    assertThat(rotated.sequence().getAsLong()).isGreaterThan(read(first).sequence().getAsLong());
  }

  @Test
  void j20_theSameCaInTwoEntriesCountsOnce() throws Exception {
    assertThat(read(document(x509Entry(p384), jwtEntry("k"), x509Entry(p384))).authorities())
        .containsExactly(p384);
  }

  @Test
  void membersTheSpecDoesNotDefineAreIgnored() throws Exception {
    ObjectNode document = document(x509Entry(p384).put("alg", "ES384").put("kid", "x"));
    document.put("issuer", "https://example.org").putObject("extension").put("a", 1);

    assertThat(read(document).authorities()).containsExactly(p384);
  }

  /** An RSA x509-svid entry in the member order of the spec's Appendix A. */
  private static String rsaEntry(X509Certificate ca) {
    ObjectNode jwk = x509Entry(ca);
    return "{\"kty\":\"RSA\",\"use\":\"x509-svid\",\"x5c\":[\""
        + base64(ca)
        + "\"],\"n\":\""
        + jwk.get("n").textValue()
        + "\",\"e\":\"AQAB\"}";
  }

  private static TrustBundle read(ObjectNode document) throws BundleFormatException {
    return read(text(document));
  }

  private static TrustBundle read(String json) throws BundleFormatException {
    return SpiffeBundleJson.read(EXAMPLE_ORG, json);
  }
}
