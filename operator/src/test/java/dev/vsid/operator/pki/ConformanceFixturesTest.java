package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The go-spiffe X509-SVID fixtures in the shared conformance folder, with the verdicts of its
 * testdata/README.md and x509_svid_cases.md. The fixtures have expired; the checker judges shape
 * only, so their dates do not matter.
 */
class ConformanceFixturesTest {
  private static Path fixtures;
  private static PrivateKey rsaKey;
  private static PrivateKey ecKey;

  @BeforeAll
  static void readKeys() throws Exception {
    fixtures = PkiFixtures.x509SvidFixtures();
    assertThat(fixtures)
        .as("go-spiffe fixtures (set -Dvsid.repo.root to the repository root)")
        .isDirectory();
    rsaKey = Pem.parsePrivateKey(read("key-pkcs8-rsa.pem"));
    ecKey = Pem.parsePrivateKey(read("key-pkcs8-ecdsa.pem"));
  }

  @Test
  void theGoodLeafOnlyFixtureIsAnSvidWhoseKeyIsTheRsaFixtureKey() throws Exception {
    List<X509Certificate> chain = certificates("good-leaf-only.pem");

    assertThat(chain).hasSize(1);
    assertThat(X509SvidChecker.checkLeaf(chain.get(0)))
        .hasToString("spiffe://example.org/workload-1");
    assertThat(X509SvidChecker.keyMatches(chain.get(0), rsaKey)).isTrue();
  }

  @Test
  void theGoodLeafAndIntermediateFixtureChecksAsLeafPlusSigningCertificate() throws Exception {
    List<X509Certificate> chain = certificates("good-leaf-and-intermediate.pem");

    assertThat(chain).hasSize(2);
    assertThat(X509SvidChecker.checkLeaf(chain.get(0)))
        .hasToString("spiffe://example.org/workload-1");
    X509SvidChecker.checkSigningCertificate(chain.get(1));
    X509SvidChecker.checkSignedBy(chain.get(0), chain.get(1));
  }

  @Test
  void theGoodLeafAndIntermediateFixtureMatchesTheEcKeyAndNotTheRsaKey() throws Exception {
    X509Certificate leaf = certificates("good-leaf-and-intermediate.pem").get(0);

    assertThat(X509SvidChecker.keyMatches(leaf, ecKey)).isTrue();
    assertThat(X509SvidChecker.keyMatches(leaf, rsaKey)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "wrong-leaf-ca-true.pem              | leaf certificate is a CA",
        "wrong-leaf-crl-sign.pem             | leaf key usage includes cRLSign",
        "wrong-leaf-no-digital-signature.pem | leaf key usage lacks digitalSignature",
        "wrong-leaf-empty-id.pem             | exactly one URI SAN, found 0",
      })
  void aWrongLeafFixtureIsRejectedForItsOneDefect(String file, String reason) throws Exception {
    X509Certificate leaf = certificates(file).get(0);

    assertThatThrownBy(() -> X509SvidChecker.checkLeaf(leaf))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining(reason);
    assertThat(X509SvidChecker.keyMatches(leaf, rsaKey)).isTrue();
  }

  @Test
  void theWrongIntermediateFixtureHasAGoodLeafButANonCaSigner() throws Exception {
    List<X509Certificate> chain = certificates("wrong-intermediate-no-ca.pem");

    assertThat(X509SvidChecker.checkLeaf(chain.get(0)))
        .hasToString("spiffe://example.org/workload-1");
    assertThatThrownBy(() -> X509SvidChecker.checkSigningCertificate(chain.get(1)))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("not a CA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"key-pkcs8-rsa.pem", "key-pkcs8-ecdsa.pem"})
  void aKeyFileGivenAsTheCertificateFileIsRejected(String keyFile) {
    assertThatThrownBy(() -> Pem.parseCertificates(read(keyFile)))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("no PEM certificate")
        .hasMessageContaining("found only: PRIVATE KEY");
  }

  @Test
  void aCertificateFileGivenAsTheKeyFileIsRejected() {
    assertThatThrownBy(() -> Pem.parsePrivateKey(read("good-leaf-only.pem")))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("no PEM private key");
  }

  @Test
  void theFixtureKeysLoadAsJdkKeys() {
    assertThat(rsaKey.getAlgorithm()).isEqualTo("RSA");
    assertThat(ecKey.getAlgorithm()).isEqualTo("EC");
    assertThat(rsaKey.getClass().getName()).startsWith("sun.security.");
    assertThat(ecKey.getClass().getName()).startsWith("sun.security.");
  }

  private static List<X509Certificate> certificates(String file) throws Exception {
    return Pem.parseCertificates(read(file));
  }

  private static String read(String file) throws IOException {
    return Files.readString(fixtures.resolve(file));
  }
}
