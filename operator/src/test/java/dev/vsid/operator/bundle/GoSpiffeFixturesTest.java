package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.JSON;
import static dev.vsid.operator.bundle.BundleFixtures.base64;
import static dev.vsid.operator.bundle.BundleFixtures.goSpiffeBundle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The go-spiffe SPIFFE bundle fixtures in the shared conformance data. Their certificates have
 * expired; reading a bundle does not check validity, so that does not matter here.
 */
class GoSpiffeFixturesTest {
  private static final TrustDomainName LOCAL = new TrustDomainName("local");

  @Test
  void j2_validTwoGivesOneX509AuthorityWithHint60sAndSequence1() throws Exception {
    String json = goSpiffeBundle("spiffebundle_valid_2.json");

    TrustBundle bundle = SpiffeBundleJson.read(LOCAL, json);

    assertThat(bundle.authorities()).hasSize(1);
    assertThat(base64(bundle.authorities().get(0))).isEqualTo(firstX5c(json));
    assertThat(bundle.refreshHint()).contains(Duration.ofSeconds(60));
    assertThat(bundle.sequence()).hasValue(1);
  }

  @Test
  void j6_multipleX509GivesOneAuthority() throws Exception {
    // Spec verdict (X509-SVID §6.2): use x5c[0]. DIVERGENT: go-spiffe and SPIRE reject this file
    // ("expected a single certificate in x509-svid entry 0; got 2").
    String json = goSpiffeBundle("spiffebundle_multiple_x509.json");

    TrustBundle bundle = SpiffeBundleJson.read(LOCAL, json);

    assertThat(bundle.authorities()).hasSize(1);
    assertThat(base64(bundle.authorities().get(0))).isEqualTo(firstX5c(json));
  }

  @Test
  void j11_missingKidKeepsTheX509Authority() throws Exception {
    // The jwt-svid entry without kid is skipped; the X.509 CA stays. DIVERGENT: go-spiffe rejects
    // the file ("error adding authority 1 of JWKS: keyID cannot be empty").
    String json = goSpiffeBundle("spiffebundle_missing_kid.json");

    TrustBundle bundle = SpiffeBundleJson.read(LOCAL, json);

    assertThat(bundle.authorities()).hasSize(1);
    assertThat(base64(bundle.authorities().get(0))).isEqualTo(firstX5c(json));
  }

  @Test
  void theFixtureAuthorityWritesBackToTheSameCertificate() throws Exception {
    TrustBundle bundle = SpiffeBundleJson.read(LOCAL, goSpiffeBundle("spiffebundle_valid_2.json"));

    TrustBundle again = SpiffeBundleJson.read(LOCAL, SpiffeBundleJson.write(bundle));

    assertThat(again).isEqualTo(bundle);
  }

  @Test
  void ourJwkParametersMatchTheOnesGoSpiffeWroteForTheSameCertificate() throws Exception {
    String json = goSpiffeBundle("spiffebundle_valid_2.json");
    JsonNode theirs = JSON.readTree(json).get("keys").get(0);

    JsonNode ours =
        JSON.readTree(SpiffeBundleJson.write(SpiffeBundleJson.read(LOCAL, json)))
            .get("keys")
            .get(0);

    for (String member : List.of("use", "kty", "crv", "x", "y", "x5c")) {
      assertThat(ours.get(member)).as(member).isEqualTo(theirs.get(member));
    }
  }

  private static String firstX5c(String json) throws Exception {
    return JSON.readTree(json).get("keys").get(0).get("x5c").get(0).textValue();
  }
}
