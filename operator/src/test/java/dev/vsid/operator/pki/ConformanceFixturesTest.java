package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The go-spiffe X509-SVID fixtures in the shared conformance folder, with the verdicts of its
 * testdata/README.md and x509_svid_cases.md. The fixtures have expired; the checker and {@link
 * X509SvidParser} judge shape only, so their dates do not matter, and chain verification uses the
 * fixed times the README gives.
 */
class ConformanceFixturesTest {
  private static final Instant LEAF_AND_INTERMEDIATE_TIME = Instant.parse("2020-03-24T14:30:00Z");
  private static final Instant RSA_FIXTURES_TIME = Instant.parse("2021-01-01T00:00:00Z");
  private static Path fixtures;
  private static PrivateKey rsaKey;
  private static PrivateKey ecKey;

  @BeforeAll
  static void readKeys() throws Exception {
    fixtures = PkiFixtures.x509SvidFixtures();
    assertThat(fixtures).as("go-spiffe fixtures in the test resources").isDirectory();
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
        .hasMessageContaining("found only: private key");
  }

  @Test
  void aCertificateFileGivenAsTheKeyFileIsRejected() {
    assertThatThrownBy(() -> Pem.parsePrivateKey(read("good-leaf-only.pem")))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("no PEM private key");
  }

  /** Every fixture file, as certificates with a key, and the verdict the README lists for it. */
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "good-leaf-only.pem                  | key-pkcs8-rsa.pem   | ACCEPT 1",
        "good-leaf-and-intermediate.pem      | key-pkcs8-ecdsa.pem | ACCEPT 2",
        "good-leaf-and-intermediate.pem      | key-pkcs8-rsa.pem   | does not match the leaf",
        "key-pkcs8-rsa.pem                   | key-pkcs8-rsa.pem   | no PEM certificate",
        "key-pkcs8-ecdsa.pem                 | key-pkcs8-ecdsa.pem | no PEM certificate",
        "good-leaf-only.pem                  | good-leaf-only.pem  | no PEM private key",
        "wrong-leaf-ca-true.pem              | key-pkcs8-rsa.pem   | leaf certificate is a CA",
        "wrong-leaf-crl-sign.pem             | key-pkcs8-rsa.pem   | includes cRLSign",
        "wrong-leaf-no-digital-signature.pem | key-pkcs8-rsa.pem   | lacks digitalSignature",
        "wrong-leaf-empty-id.pem             | key-pkcs8-rsa.pem   | URI SAN, found 0",
        "wrong-intermediate-no-ca.pem        | key-pkcs8-rsa.pem   | certificate 2: signing"
            + " certificate is not a CA",
      })
  void eachFixtureGetsItsListedVerdictFromParseSvid(String certs, String key, String verdict)
      throws Exception {
    if (verdict.startsWith("ACCEPT")) {
      Svid svid = X509SvidParser.parseSvid(read(certs), read(key));
      assertThat(svid.spiffeId()).hasToString("spiffe://example.org/workload-1");
      assertThat(svid.chain()).hasSize(Integer.parseInt(verdict.substring("ACCEPT ".length())));
    } else {
      assertThatThrownBy(() -> X509SvidParser.parseSvid(read(certs), read(key)))
          .isInstanceOf(SvidCheckException.class)
          .hasMessageContaining(verdict);
    }
  }

  @Test
  void theVerdictTableCoversEveryFileInTheFixtureFolder() throws IOException {
    List<String> files;
    try (Stream<Path> listing = Files.list(fixtures)) {
      files = listing.map(path -> path.getFileName().toString()).sorted().toList();
    }

    assertThat(files)
        .containsExactlyInAnyOrder(
            "good-leaf-only.pem",
            "good-leaf-and-intermediate.pem",
            "key-pkcs8-rsa.pem",
            "key-pkcs8-ecdsa.pem",
            "wrong-leaf-ca-true.pem",
            "wrong-leaf-crl-sign.pem",
            "wrong-leaf-no-digital-signature.pem",
            "wrong-leaf-empty-id.pem",
            "wrong-intermediate-no-ca.pem");
  }

  /**
   * The fixtures have expired, so chain verification needs the fixed times of testdata/README.md;
   * at the current time even the good files are rejected, naming the expired leaf.
   */
  @Test
  void theGoodLeafAndIntermediateVerifiesUnderItsIntermediateAtTheFixedTime() throws Exception {
    List<X509Certificate> chain = certificates("good-leaf-and-intermediate.pem");
    Map<TrustDomainName, Collection<X509Certificate>> bundle =
        Map.of(TrustDomainName.parse("example.org"), List.of(chain.get(1)));

    assertThat(X509SvidVerifier.verifyChain(chain, bundle, LEAF_AND_INTERMEDIATE_TIME))
        .hasToString("spiffe://example.org/workload-1");
    assertThatThrownBy(() -> X509SvidVerifier.verifyChain(chain, bundle, Instant.now()))
        .hasMessageContaining("certificate 1 (the leaf")
        .hasMessageContaining("has expired: its validity ended at 2020-03-24T15:07:40Z");
  }

  @Test
  void theSelfSignedGoodLeafVerifiesAsItsOwnAuthorityAtTheFixedTime() throws Exception {
    List<X509Certificate> chain = certificates("good-leaf-only.pem");
    Map<TrustDomainName, Collection<X509Certificate>> bundle =
        Map.of(TrustDomainName.parse("example.org"), List.of(chain.get(0)));

    assertThat(X509SvidVerifier.verifyChain(chain, bundle, RSA_FIXTURES_TIME))
        .hasToString("spiffe://example.org/workload-1");
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
