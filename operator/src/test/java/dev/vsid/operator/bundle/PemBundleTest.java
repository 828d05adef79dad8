package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.goSpiffeSvidFile;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEM trust bundles, as in section 3 of the shared bundles.md (go-spiffe x509bundle cases). */
class PemBundleTest {
  private final X509Certificate p256 = root(KeyType.EC_P256);
  private final X509Certificate rsa = root(KeyType.RSA_2048);

  @Test
  void twoCertificatesGiveTwoAuthorities() throws Exception {
    TrustBundle bundle = PemBundle.read(EXAMPLE_ORG, Pem.encodeCertificates(List.of(p256, rsa)));

    assertThat(bundle.authorities()).containsExactlyInAnyOrder(p256, rsa);
    assertThat(bundle.trustDomain()).isEqualTo(EXAMPLE_ORG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n", "\r\n\t \n"})
  void emptyTextGivesZeroAuthoritiesAndNoError(String pem) throws Exception {
    assertThat(PemBundle.read(EXAMPLE_ORG, pem)).isEqualTo(TrustBundle.empty(EXAMPLE_ORG));
  }

  @Test
  void textWithoutPemBlocksIsRejected() {
    assertThatThrownBy(() -> PemBundle.read(EXAMPLE_ORG, "this is not PEM\n"))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("no PEM block");
  }

  @Test
  void aCorruptedCertificateIsRejected() throws Exception {
    byte[] der = p256.getEncoded();
    String corrupted = block(Arrays.copyOf(der, der.length / 2));

    assertThatThrownBy(() -> PemBundle.read(EXAMPLE_ORG, corrupted))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("not a valid X.509 certificate");
    assertThatThrownBy(() -> PemBundle.read(EXAMPLE_ORG, "-----BEGIN CERTIFICATE-----\n%%%\n"))
        .isInstanceOf(BundleFormatException.class);
  }

  @Test
  void aPrivateKeyIsRejectedWithoutQuotingIt() {
    String key = goSpiffeSvidFile("key-pkcs8-rsa.pem");
    String certAndKey = Pem.encodeCertificates(List.of(p256)) + key;

    for (String pem : List.of(key, certAndKey)) {
      assertThatThrownBy(() -> PemBundle.read(EXAMPLE_ORG, pem))
          .isInstanceOf(BundleFormatException.class)
          .hasMessageContaining("private key")
          .satisfies(e -> assertNoKeyText(e.getMessage(), key));
    }
  }

  @Test
  void otherNonCertificateBlocksAreRejectedByLabel() {
    String publicKey = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";

    assertThatThrownBy(
            () -> PemBundle.read(EXAMPLE_ORG, Pem.encodeCertificates(List.of(rsa)) + publicKey))
        .hasMessageContaining("block 2 is \"PUBLIC KEY\", not a CERTIFICATE");
  }

  @Test
  void rootsWithoutASpiffeIdAreAccepted() throws Exception {
    X509Certificate plain = HandMadeCertificates.withoutSpiffeId("PEMUTILTEST1");

    TrustBundle bundle = PemBundle.read(EXAMPLE_ORG, Pem.encodeCertificates(List.of(plain)));

    assertThat(bundle.authorities()).containsExactly(plain);
  }

  @Test
  void textAroundTheBlocksIsIgnoredAndDuplicatesCountOnce() throws Exception {
    String pem =
        "# Subject: O=vsid\n"
            + Pem.encodeCertificates(List.of(p256))
            + "comment between\n"
            + Pem.encodeCertificates(List.of(p256, rsa));

    assertThat(PemBundle.read(EXAMPLE_ORG, pem).authorities()).containsExactlyInAnyOrder(p256, rsa);
  }

  @Test
  void theSameAuthoritiesWriteTheSameBytesAndReadBack() throws Exception {
    TrustBundle one = TrustBundle.of(EXAMPLE_ORG, List.of(p256, rsa));
    TrustBundle other = TrustBundle.of(EXAMPLE_ORG, List.of(rsa, p256, rsa));

    String pem = PemBundle.write(one);

    assertThat(PemBundle.write(other)).isEqualTo(pem);
    assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
    assertThat(PemBundle.read(EXAMPLE_ORG, pem)).isEqualTo(one);
    assertThat(Pem.parseCertificates(pem)).containsExactlyElementsOf(one.authorities());
  }

  @Test
  void anEmptyBundleWritesNothing() throws Exception {
    assertThat(PemBundle.write(TrustBundle.empty(EXAMPLE_ORG))).isEmpty();
    assertThat(PemBundle.read(EXAMPLE_ORG, "").isEmpty()).isTrue();
  }

  private static String block(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  private static void assertNoKeyText(String message, String keyPem) {
    for (String line : keyPem.split("\n")) {
      if (!line.startsWith("-----") && line.length() > 8) {
        assertThat(message).doesNotContain(line.substring(0, 8));
      }
    }
  }
}
