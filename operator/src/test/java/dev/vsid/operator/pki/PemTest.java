package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PemTest {
  private static final String SECRET_LOOKING = "c2VjcmV0LWtleS1ieXRlcy1kby1ub3QtbGVhaw";

  @TempDir Path dir;

  @Test
  void certificatesRoundTripInOrder() throws Exception {
    List<X509Certificate> certs =
        List.of(
            PkiFixtures.svid(KeyType.EC_P256).leaf(),
            PkiFixtures.root(KeyType.EC_P256).certificate());

    String pem = Pem.encodeCertificates(certs);

    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
    assertThat(Pem.parseCertificates(pem)).containsExactlyElementsOf(certs);
  }

  @Test
  void textAndOtherBlocksAroundCertificatesAreIgnored() throws Exception {
    Svid svid = PkiFixtures.svid(KeyType.EC_P256);
    String pem =
        "Subject: whatever\r\n" + svid.privateKeyPem() + "junk\n" + svid.chainPem() + "trailer";

    assertThat(Pem.parseCertificates(pem)).containsExactly(svid.leaf());
    assertThat(Pem.parsePrivateKey(pem).getEncoded()).isEqualTo(svid.privateKey().getEncoded());
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void aPkcs8KeyRoundTripsToAJdkKeyThatMatchesItsCertificate(KeyType type) throws Exception {
    Svid svid = PkiFixtures.svid(type);

    String pem = Pem.encodePrivateKey(svid.privateKey());
    PrivateKey key = Pem.parsePrivateKey(pem);

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(key.getClass().getName()).startsWith("sun.security.");
    assertThat(X509SvidChecker.keyMatches(svid.leaf(), key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"EC_P256", "EC_P384", "RSA_2048"})
  void traditionalSec1AndPkcs1KeysFromOpensslAreAccepted(KeyType type) throws Exception {
    Svid svid = PkiFixtures.svid(type);
    Files.writeString(dir.resolve("k8.pem"), svid.privateKeyPem());

    String traditional = Openssl.ok(dir, "pkey", "-in", "k8.pem", "-traditional");
    PrivateKey key = Pem.parsePrivateKey(traditional);

    String label = type == KeyType.RSA_2048 ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
    assertThat(traditional).startsWith("-----BEGIN " + label + "-----");
    assertThat(key.getClass().getName()).startsWith("sun.security.");
    assertThat(X509SvidChecker.keyMatches(svid.leaf(), key)).isTrue();
  }

  @Test
  void aSec1KeyThatDoesNotNameItsCurveIsRefused() throws Exception {
    byte[] der = new ECPrivateKey(256, BigInteger.TEN, null).getEncoded();

    assertRefused(block("EC PRIVATE KEY", der), "does not name its curve");
  }

  @Test
  void encryptedKeysAreRefused() {
    String legacy =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
            + SECRET_LOOKING
            + "\n-----END RSA PRIVATE KEY-----\n";

    assertRefused(block("ENCRYPTED PRIVATE KEY", new byte[] {48, 0}), "encrypted");
    assertRefused(legacy, "encrypted");
  }

  @Test
  void twoKeysAreRefused() {
    String key = PkiFixtures.svid(KeyType.EC_P256).privateKeyPem();

    assertRefused(key + key, "holds 2 private keys");
  }

  @Test
  void aKeyOfAnUnsupportedAlgorithmIsRefused() throws Exception {
    PrivateKey ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate();

    assertRefused(Pem.encodePrivateKey(ed448), "algorithm is not supported");
  }

  @Test
  void keyErrorsNameTheProblemButNeverTheKeyText() {
    assertRefused(block("PRIVATE KEY", SECRET_LOOKING.getBytes()), "not valid DER");
    assertRefused(block("RSA PRIVATE KEY", SECRET_LOOKING.getBytes()), "not valid PKCS#1");
    assertRefused(block("EC PRIVATE KEY", SECRET_LOOKING.getBytes()), "not valid SEC1");
    assertRefused(
        "-----BEGIN PRIVATE KEY-----\n" + SECRET_LOOKING + "!!\n-----END PRIVATE KEY-----\n",
        "does not contain valid base64");
    assertRefused("-----BEGIN PRIVATE KEY-----\n" + SECRET_LOOKING, "has no END line");
    assertRefused(SECRET_LOOKING, "no PEM private key");
    assertRefused(null, "no PEM private key");
  }

  @Test
  void certificateErrorsNameTheProblem() {
    X509Certificate leaf = PkiFixtures.svid(KeyType.EC_P256).leaf();
    byte[] withTrailer = Arrays.copyOf(Pem.encoded(leaf), Pem.encoded(leaf).length + 2);

    assertThatThrownBy(() -> Pem.parseCertificates(""))
        .hasMessage("no PEM certificate (BEGIN CERTIFICATE) found (the text holds no PEM block)");
    assertThatThrownBy(() -> Pem.parseCertificates(block("CERTIFICATE", new byte[] {1, 2, 3})))
        .hasMessage("PEM block 1 (CERTIFICATE) is not a valid X.509 certificate");
    assertThatThrownBy(() -> Pem.parseCertificates(block("CERTIFICATE", withTrailer)))
        .hasMessage("PEM block 1 (CERTIFICATE) has data after the certificate");
    assertThatThrownBy(() -> Pem.parseCertificates("-----BEGIN lower case-----\n"))
        .hasMessage("PEM block 1 has a malformed BEGIN line");
  }

  private static String block(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static void assertRefused(String pem, String reason) {
    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining(reason)
        .hasNoCause()
        .satisfies(e -> assertQuotesNothingOf(pem, e.getMessage()));
  }

  /** No line of key text, and no PEM armour, may appear in a message. */
  private static void assertQuotesNothingOf(String pem, String message) {
    assertThat(message).doesNotContain("-----");
    if (pem != null) {
      pem.lines()
          .filter(line -> !line.startsWith("-----") && line.length() >= 8)
          .forEach(line -> assertThat(message).doesNotContain(line));
    }
  }
}
