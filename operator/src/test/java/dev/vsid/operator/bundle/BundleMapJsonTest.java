package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_COM;
import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.JSON;
import static dev.vsid.operator.bundle.BundleFixtures.document;
import static dev.vsid.operator.bundle.BundleFixtures.jwtEntry;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static dev.vsid.operator.bundle.BundleFixtures.text;
import static dev.vsid.operator.bundle.BundleFixtures.x509Entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundle map of SPIFFE Trust Domain and Bundle §5.1.1 and Appendix B (J18, J19). */
class BundleMapJsonTest {
  private final X509Certificate p256 = root(KeyType.EC_P256);
  private final X509Certificate p384 = root(KeyType.EC_P384);

  @Test
  void j18_theSpecsBundleMapExampleIsAccepted() throws Exception {
    String member = text(document(x509Entry(p384), jwtEntry("C6vs25welZOx6WksNYfbMfiw9l96pMnD")));
    String json =
        "{\"trust_domains\":{\"example.com\":"
            + member.replace("{\"keys\"", "{\"spiffe_sequence\":12035488,\"keys\"")
            + "}}";

    Map<TrustDomainName, TrustBundle> bundles = SpiffeBundleJson.readMap(json);

    assertThat(bundles).containsOnlyKeys(EXAMPLE_COM);
    TrustBundle bundle = bundles.get(EXAMPLE_COM);
    assertThat(bundle.trustDomain()).isEqualTo(EXAMPLE_COM);
    assertThat(bundle.authorities()).containsExactly(p384);
    assertThat(bundle.sequence()).hasValue(12035488);
  }

  @Test
  void j19_aTrustDomainNamedTwiceRejectsTheMap() {
    String json =
        "{\"trust_domains\":{\"example.com\":{\"keys\":[]},\"example.org\":{\"keys\":[]},"
            + "\"example.com\":{\"keys\":[]}}}";

    assertThatThrownBy(() -> SpiffeBundleJson.readMap(json))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("\"example.com\" twice in \"/trust_domains\"");
  }

  @Test
  void trustDomainsMustBePresentButMayBeEmpty() throws Exception {
    assertThat(SpiffeBundleJson.readMap("{\"trust_domains\":{}}")).isEmpty();
    assertThatThrownBy(() -> SpiffeBundleJson.readMap("{}"))
        .hasMessageContaining("no \"trust_domains\" member");
    assertThatThrownBy(() -> SpiffeBundleJson.readMap("{\"trust_domains\":[]}"))
        .hasMessageContaining("must be an object, not an array");
  }

  @Test
  void aKeyThatIsNotATrustDomainNameRejectsTheMap() {
    assertThatThrownBy(() -> SpiffeBundleJson.readMap("{\"trust_domains\":{\"Example.COM\":{}}}"))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("\"Example.COM\"");
    assertThatThrownBy(() -> SpiffeBundleJson.readMap("{\"trust_domains\":{\"spiffe://a\":{}}}"))
        .isInstanceOf(BundleFormatException.class);
  }

  @Test
  void aMalformedMemberBundleIsNamedByItsTrustDomain() {
    String json = "{\"trust_domains\":{\"example.org\":{\"spiffe_sequence\":1}}}";

    assertThatThrownBy(() -> SpiffeBundleJson.readMap(json))
        .hasMessageContaining("member \"example.org\" has no \"keys\" member");
  }

  @Test
  void theWrittenMapIsSortedByTrustDomainAndHasNoRefreshHints() throws Exception {
    Map<TrustDomainName, TrustBundle> bundles = new LinkedHashMap<>();
    bundles.put(EXAMPLE_ORG, bundle(EXAMPLE_ORG, p256).withSequence(2));
    bundles.put(EXAMPLE_COM, bundle(EXAMPLE_COM, p384).withRefreshHint(Duration.ofMinutes(1)));

    String json = SpiffeBundleJson.writeMap(bundles);

    JsonNode members = JSON.readTree(json).get("trust_domains");
    List<String> names = new ArrayList<>();
    members.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("example.com", "example.org");
    assertThat(json).doesNotContain("spiffe_refresh_hint").contains("\"spiffe_sequence\":2");
    assertThat(SpiffeBundleJson.readMap(json))
        .containsEntry(EXAMPLE_ORG, bundles.get(EXAMPLE_ORG))
        .containsEntry(EXAMPLE_COM, bundles.get(EXAMPLE_COM).withoutRefreshHint());
  }

  @Test
  void anEmptyMapWritesAnEmptyObject() {
    assertThat(SpiffeBundleJson.writeMap(Map.of())).isEqualTo("{\"trust_domains\":{}}");
  }

  @Test
  void aBundleFiledUnderAnotherTrustDomainIsNotWritten() {
    Map<TrustDomainName, TrustBundle> misfiled = Map.of(EXAMPLE_COM, bundle(EXAMPLE_ORG, p256));

    assertThatThrownBy(() -> SpiffeBundleJson.writeMap(misfiled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example.com");
  }

  private static TrustBundle bundle(TrustDomainName trustDomain, X509Certificate ca) {
    return TrustBundle.of(trustDomain, List.of(ca));
  }
}
