package dev.vsid.operator.distribution;

import static dev.vsid.operator.distribution.DistributionFixtures.EXAMPLE_COM;
import static dev.vsid.operator.distribution.DistributionFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.distribution.DistributionFixtures.bundle;
import static dev.vsid.operator.distribution.DistributionFixtures.rootA;
import static dev.vsid.operator.distribution.DistributionFixtures.rootB;
import static dev.vsid.operator.distribution.DistributionFixtures.rootC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.Openssl;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data of a bundle ConfigMap: deterministic, readable back by this project, and readable by
 * openssl, java-spiffe and nimbus-jose-jwt (the JWKS parser java-spiffe itself uses; java-spiffe
 * 0.8.17 has no parser for SPIFFE bundle documents).
 */
class BundleContentTest {
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void theSameRootsInAnyOrderAndWithRepeatsGiveByteIdenticalData() {
    BundleContent sorted = BundleContent.of(bundle(3, rootA(), rootB(), rootC()), Map.of());
    BundleContent shuffled =
        BundleContent.of(bundle(3, rootC(), rootA(), rootB(), rootA(), rootC()), Map.of());

    assertThat(shuffled.data()).isEqualTo(sorted.data());
    assertThat(shuffled.digest()).isEqualTo(sorted.digest());
    assertThat(sorted.data()).containsOnlyKeys("bundle.json", "ca.crt");
  }

  @Test
  void bundleJsonReadsBackWithTheSameRootsSequenceAndRefreshHint() throws Exception {
    TrustBundle own = bundle(7, rootA(), rootB(), rootC());

    TrustBundle read =
        SpiffeBundleJson.read(
            EXAMPLE_ORG, BundleContent.of(own, Map.of()).data().get("bundle.json"));

    assertThat(read).isEqualTo(own);
    assertThat(read.authorities()).containsExactlyInAnyOrder(rootA(), rootB(), rootC());
    assertThat(read.sequence()).hasValue(7);
    assertThat(read.refreshHint()).contains(Duration.ofMinutes(5));
  }

  @Test
  void caCrtReadsBackWithTheSameRoots() throws Exception {
    TrustBundle own = bundle(7, rootA(), rootB(), rootC());

    TrustBundle read =
        PemBundle.read(EXAMPLE_ORG, BundleContent.of(own, Map.of()).data().get("ca.crt"));

    assertThat(read.authorities()).containsExactlyElementsOf(own.authorities());
  }

  @Test
  void opensslReadsEveryCertificateOfCaCrt() throws Exception {
    TrustBundle own = bundle(1, rootA(), rootB(), rootC());
    Files.writeString(dir.resolve("ca.crt"), BundleContent.of(own, Map.of()).data().get("ca.crt"));

    Openssl.ok(dir, "crl2pkcs7", "-nocrl", "-certfile", "ca.crt", "-out", "bundle.p7b");
    String printed = Openssl.ok(dir, "pkcs7", "-in", "bundle.p7b", "-print_certs");

    List<String> blocks = pemBlocks(printed);
    assertThat(blocks).hasSize(3);
    List<String> fingerprints = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Path file = dir.resolve("cert" + i + ".pem");
      Files.writeString(file, blocks.get(i) + "\n");
      String out =
          Openssl.ok(
              dir,
              "x509",
              "-in",
              file.getFileName().toString(),
              "-noout",
              "-fingerprint",
              "-sha256");
      fingerprints.add(out.trim().replaceFirst("(?i)^sha256 fingerprint=", ""));
    }
    assertThat(fingerprints)
        .containsExactlyInAnyOrder(
            opensslFingerprint(rootA()), opensslFingerprint(rootB()), opensslFingerprint(rootC()));
  }

  @Test
  void javaSpiffeLoadsCaCrtWithTheSameAuthorities() throws Exception {
    TrustBundle own = bundle(1, rootA(), rootB(), rootC());
    Path file = dir.resolve("ca.crt");
    Files.writeString(file, BundleContent.of(own, Map.of()).data().get("ca.crt"));

    X509Bundle loaded = X509Bundle.load(TrustDomain.parse("example.org"), file);

    assertThat(loaded.getX509Authorities()).isEqualTo(Set.of(rootA(), rootB(), rootC()));
  }

  @Test
  void nimbusAndJavaSpiffeReadBundleJsonWithTheSameAuthorities() throws Exception {
    TrustBundle own = bundle(9, rootA(), rootB(), rootC());
    String json = BundleContent.of(own, Map.of()).data().get("bundle.json");

    JWKSet keys = JWKSet.parse(json);

    ByteArrayOutputStream der = new ByteArrayOutputStream();
    for (JWK key : keys.getKeys()) {
      assertThat(key.getKeyUse().getValue()).isEqualTo("x509-svid");
      List<X509Certificate> chain = key.getParsedX509CertChain();
      assertThat(chain).hasSize(1);
      assertThat(((AsymmetricJWK) key).toPublicKey())
          .as("the JWK's own key parameters are the certificate's key")
          .isEqualTo(chain.get(0).getPublicKey());
      der.write(chain.get(0).getEncoded());
    }
    assertThat(keys.getAdditionalMembers())
        .containsEntry("spiffe_sequence", 9L)
        .containsEntry("spiffe_refresh_hint", 300L);
    X509Bundle parsed = X509Bundle.parse(TrustDomain.parse("example.org"), der.toByteArray());
    assertThat(parsed.getX509Authorities()).isEqualTo(Set.of(rootA(), rootB(), rootC()));
  }

  @Test
  void otherTrustDomainsGoUnderTheirOwnKeysAndNeverIntoCaCrt() throws Exception {
    TrustBundle own = bundle(4, rootA());
    TrustBundle other =
        TrustBundle.of(EXAMPLE_COM, List.of(rootB(), rootC()))
            .withSequence(12)
            .withRefreshHint(Duration.ofMinutes(1));

    Map<String, String> data = BundleContent.of(own, Map.of(EXAMPLE_COM, other)).data();

    assertThat(data)
        .containsOnlyKeys(
            "all-roots.crt",
            "bundle.json",
            "ca.crt",
            "federated.example.com.crt",
            "federated.example.com.json");
    assertThat(PemBundle.read(EXAMPLE_ORG, data.get("all-roots.crt")).authorities())
        .containsExactlyInAnyOrder(rootA(), rootB(), rootC());
    assertThat(List.copyOf(data.keySet())).isSorted();
    assertThat(PemBundle.read(EXAMPLE_ORG, data.get("ca.crt")).authorities())
        .containsExactly(rootA());
    assertThat(SpiffeBundleJson.read(EXAMPLE_ORG, data.get("bundle.json"))).isEqualTo(own);
    assertThat(PemBundle.read(EXAMPLE_COM, data.get("federated.example.com.crt")).authorities())
        .containsExactlyInAnyOrder(rootB(), rootC());
    assertThat(SpiffeBundleJson.read(EXAMPLE_COM, data.get("federated.example.com.json")))
        .isEqualTo(other);
  }

  @Test
  void theOwnContentIsTheSameWithOrWithoutOtherTrustDomains() {
    TrustBundle own = bundle(4, rootA());
    TrustBundle other = TrustBundle.of(EXAMPLE_COM, List.of(rootB()));

    BundleContent alone = BundleContent.of(own, Map.of());
    BundleContent beside = BundleContent.of(own, Map.of(EXAMPLE_COM, other));

    assertThat(beside.data().get("ca.crt")).isEqualTo(alone.data().get("ca.crt"));
    assertThat(beside.data().get("bundle.json")).isEqualTo(alone.data().get("bundle.json"));
    assertThat(beside.digest()).isEqualTo(alone.digest());
  }

  @Test
  void theOwnTrustDomainPassedAsAnotherIsRefused() {
    TrustBundle own = bundle(1, rootA());
    TrustBundle same = TrustBundle.of(TrustDomainName.parse("example.org"), List.of(rootB()));

    assertThatThrownBy(() -> BundleContent.of(own, Map.of(EXAMPLE_ORG, same)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("own trust domain");
  }

  @Test
  void theDigestChangesWithTheRootsAndTheRefreshHintButNotWithTheSequence() {
    TrustBundle base = bundle(1, rootA(), rootB());
    String digest = BundleContent.digest(base);

    assertThat(BundleContent.digest(base.withSequence(2))).isEqualTo(digest);
    assertThat(BundleContent.digest(base.withoutSequence())).isEqualTo(digest);
    assertThat(BundleContent.digest(bundle(1, rootB(), rootA(), rootB()))).isEqualTo(digest);
    assertThat(BundleContent.digest(bundle(1, rootA()))).isNotEqualTo(digest);
    assertThat(BundleContent.digest(bundle(1, rootA(), rootB(), rootC()))).isNotEqualTo(digest);
    assertThat(BundleContent.digest(base.withRefreshHint(Duration.ofMinutes(6))))
        .isNotEqualTo(digest);
    assertThat(BundleContent.digest(base.withoutRefreshHint())).isNotEqualTo(digest);
    assertThat(digest).matches("[0-9a-f]{64}");
  }

  @Test
  void theContentCarriesTheOwnBundleItsSequenceAndItsDigest() {
    TrustBundle own = bundle(5, rootA());

    BundleContent content = BundleContent.of(own, Map.of());

    assertThat(content.own()).isEqualTo(own);
    assertThat(content.sequence()).isEqualTo(5);
    assertThat(content.digest()).isEqualTo(BundleContent.digest(own));
    assertThatThrownBy(() -> content.data().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEmptyBundleGivesAnEmptyCaCrtAndNoKeys() throws Exception {
    TrustBundle empty = TrustBundle.empty(EXAMPLE_ORG).withSequence(2);

    Map<String, String> data = BundleContent.of(empty, Map.of()).data();

    assertThat(data.get("ca.crt")).isEmpty();
    assertThat(data.get("bundle.json")).isEqualTo("{\"keys\":[],\"spiffe_sequence\":2}");
  }

  private static List<String> pemBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    Matcher block = PEM_BLOCK.matcher(text);
    while (block.find()) {
      blocks.add(block.group());
    }
    return blocks;
  }

  private static String opensslFingerprint(X509Certificate certificate) {
    return Fingerprints.sha256(certificate).toUpperCase(Locale.ROOT);
  }
}
