package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.JSON;
import static dev.vsid.operator.bundle.BundleFixtures.base64;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.pki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the operator publishes as a SPIFFE bundle (J5, J22, J23) and that it reads it back. */
class SpiffeBundleJsonWriteTest {

  @Test
  void j5_anEmptyBundleWritesAnEmptyKeyArrayNotNull() {
    TrustBundle empty = TrustBundle.empty(EXAMPLE_ORG);

    assertThat(SpiffeBundleJson.write(empty)).isEqualTo("{\"keys\":[]}");
    assertThat(
            SpiffeBundleJson.write(empty.withRefreshHint(Duration.ofSeconds(60)).withSequence(42)))
        .isEqualTo("{\"keys\":[],\"spiffe_refresh_hint\":60,\"spiffe_sequence\":42}");
  }

  @Test
  void j22_theRefreshHintIsWrittenInWholeSecondsRoundedUp() throws Exception {
    TrustBundle bundle = TrustBundle.empty(EXAMPLE_ORG);

    assertThat(hint(bundle.withRefreshHint(Duration.ofSeconds(10)))).isEqualTo(10);
    assertThat(hint(bundle.withRefreshHint(Duration.ofMillis(1500)))).isEqualTo(2);
    assertThat(hint(bundle.withRefreshHint(Duration.ofMillis(59_001)))).isEqualTo(60);
    TrustBundle read =
        SpiffeBundleJson.read(
            EXAMPLE_ORG, SpiffeBundleJson.write(bundle.withRefreshHint(Duration.ofMillis(1500))));
    assertThat(read.refreshHint()).contains(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
  void j23_anX509EntryHasUseKtyKeyParametersOneCertificateAndNoKid(KeyType type) throws Exception {
    X509Certificate ca = root(type);

    JsonNode entry = entryOf(TrustBundle.of(EXAMPLE_ORG, List.of(ca)));

    assertThat(fieldNames(entry)).containsExactlyElementsOf(expectedMembers(type));
    assertThat(entry.get("use").textValue()).isEqualTo("x509-svid");
    assertThat(entry.has("kid")).isFalse();
    assertThat(entry.get("x5c")).hasSize(1);
    assertThat(entry.get("x5c").get(0).textValue()).isEqualTo(base64(ca));
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
  void aWrittenBundleReadsBackAsAnEqualBundle(KeyType type) throws Exception {
    TrustBundle bundle =
        TrustBundle.of(EXAMPLE_ORG, List.of(root(type), root(KeyType.EC_P256)))
            .withSequence(7)
            .withRefreshHint(Duration.ofMinutes(5));

    String json = SpiffeBundleJson.write(bundle);

    assertThat(SpiffeBundleJson.read(EXAMPLE_ORG, json)).isEqualTo(bundle);
  }

  @Test
  void theSameAuthoritiesInAnyOrderWithDuplicatesWriteTheSameBytes() {
    List<X509Certificate> cas = new ArrayList<>();
    for (KeyType type : List.of(KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_2048)) {
      cas.add(root(type));
    }
    List<X509Certificate> shuffled = List.of(cas.get(2), cas.get(0), cas.get(2), cas.get(1));

    TrustBundle one = TrustBundle.of(EXAMPLE_ORG, cas).withSequence(1);
    TrustBundle other = TrustBundle.of(EXAMPLE_ORG, shuffled).withSequence(1);

    assertThat(SpiffeBundleJson.write(other)).isEqualTo(SpiffeBundleJson.write(one));
    assertThat(PemBundle.write(other)).isEqualTo(PemBundle.write(one));
    assertThat(SpiffeBundleJson.write(one)).isEqualTo(SpiffeBundleJson.write(one));
  }

  @Test
  void theKeysAreWrittenInTheBundlesOrder() throws Exception {
    TrustBundle bundle =
        TrustBundle.of(EXAMPLE_ORG, List.of(root(KeyType.RSA_2048), root(KeyType.EC_P256)));

    JsonNode keys = JSON.readTree(SpiffeBundleJson.write(bundle)).get("keys");

    assertThat(keys.get(0).get("x5c").get(0).textValue())
        .isEqualTo(base64(bundle.authorities().get(0)));
    assertThat(keys.get(1).get("x5c").get(0).textValue())
        .isEqualTo(base64(bundle.authorities().get(1)));
  }

  @Test
  void anAuthorityWhoseKeyHasNoJwkFormHereCannotBeWritten() throws Exception {
    TrustBundle bundle = TrustBundle.of(EXAMPLE_ORG, List.of(HandMadeCertificates.ed448()));

    assertThatThrownBy(() -> SpiffeBundleJson.write(bundle))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not supported");
  }

  private static List<String> expectedMembers(KeyType type) {
    switch (type) {
      case RSA_2048:
        return List.of("use", "kty", "n", "e", "x5c");
      case ED25519:
        return List.of("use", "kty", "crv", "x", "x5c");
      default:
        return List.of("use", "kty", "crv", "x", "y", "x5c");
    }
  }

  private static long hint(TrustBundle bundle) throws Exception {
    return JSON.readTree(SpiffeBundleJson.write(bundle)).get("spiffe_refresh_hint").longValue();
  }

  private static JsonNode entryOf(TrustBundle bundle) throws Exception {
    JsonNode keys = JSON.readTree(SpiffeBundleJson.write(bundle)).get("keys");
    assertThat(keys).hasSize(1);
    return keys.get(0);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
