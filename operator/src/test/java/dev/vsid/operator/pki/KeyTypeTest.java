package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTypeTest {
  @ParameterizedTest
  @CsvSource({
    "ECP256, EC_P256, SHA256withECDSA",
    "ecp384, EC_P384, SHA384withECDSA",
    "RSA2048, RSA_2048, SHA256withRSA",
    "rsa3072, RSA_3072, SHA256withRSA",
    "Rsa4096, RSA_4096, SHA256withRSA",
    "ED25519, ED25519, Ed25519",
  })
  void aSpecNameParsesInAnyCaseToItsTypeAndSignatureAlgorithm(
      String spelling, KeyType type, String signature) {
    assertThat(KeyType.parse(spelling)).contains(type);
    assertThat(type.signatureAlgorithm()).isEqualTo(signature);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {"", "  ", "EC-P256", "ECDSA-P256", "P256", "EC_P256", "RSA", "Ed448", " ECP256"})
  void anythingButASpecNameParsesToEmpty(String spelling) {
    assertThat(KeyType.parse(spelling)).isEmpty();
  }

  @Test
  void theSupportedNamesListEverySpecNameInOrder() {
    assertThat(KeyType.supportedNames())
        .isEqualTo("ECP256, ECP384, RSA2048, RSA3072, RSA4096, Ed25519");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void aGeneratedKeyIsDetectedAsItsOwnTypeAndReloadsThroughTheJdk(KeyType type) throws Exception {
    KeyPair keys = type == KeyType.RSA_4096 ? rsa4096() : type.generate();

    assertThat(KeyType.of(keys.getPublic())).contains(type);
    assertThat(keys.getPrivate().getClass().getName()).startsWith("sun.security.");
    KeyFactory factory = KeyFactory.getInstance(keys.getPrivate().getAlgorithm());
    factory.generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate().getEncoded()));
  }

  @ParameterizedTest
  @CsvSource({
    "EC, secp256r1, EC_P256",
    "EC, secp384r1, EC_P384",
    "Ed25519, , ED25519",
  })
  void keysMadeByTheJdkItselfAreDetected(String algorithm, String curve, KeyType expected)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (curve != null) {
      generator.initialize(new ECGenParameterSpec(curve));
    }

    assertThat(KeyType.of(generator.generateKeyPair().getPublic())).contains(expected);
  }

  @Test
  void unsupportedCurvesAndSizesAreNotDetected() throws Exception {
    assertThat(KeyType.of(jdkKey("EC", 521))).isEmpty();
    assertThat(KeyType.of(jdkKey("RSA", 1024))).isEmpty();
    assertThat(KeyType.of(jdkKey("Ed448", 0))).isEmpty();
    assertThat(KeyType.of(null)).isEqualTo(Optional.empty());
  }

  @Test
  void twoGeneratedKeysDiffer() {
    assertThat(KeyType.EC_P256.generate().getPublic())
        .isNotEqualTo(KeyType.EC_P256.generate().getPublic());
  }

  private static KeyPair rsa4096() {
    CertificateAuthority root = PkiFixtures.root(KeyType.RSA_4096);
    return new KeyPair(root.certificate().getPublicKey(), root.privateKey());
  }

  private static PublicKey jdkKey(String algorithm, int size) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (size > 0) {
      generator.initialize(size);
    }
    return generator.generateKeyPair().getPublic();
  }
}
