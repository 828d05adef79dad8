package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.JSON;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.pki.KeyType;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JWK members written for each authority rebuild exactly the public key of its certificate,
 * decoded here with the JDK alone (RFC 7518 §6.2, §6.3; RFC 8037 §2).
 */
class JwkParametersTest {
  private static final Map<String, String> JDK_CURVES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
  private static final Map<String, Integer> COORDINATE_BYTES =
      Map.of("P-256", 32, "P-384", 48, "P-521", 66);
  private static final String ED25519_SPKI_PREFIX = "302a300506032b6570032100";

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"EC_P256", "EC_P384", "RSA_2048", "RSA_3072", "ED25519"})
  void theWrittenParametersRebuildTheCertificatesPublicKey(KeyType type) throws Exception {
    X509Certificate ca = root(type);

    PublicKey rebuilt = rebuild(writtenEntry(ca));

    assertThat(rebuilt.getEncoded()).isEqualTo(ca.getPublicKey().getEncoded());
  }

  @Test
  void anEcCoordinateWithALeadingZeroByteKeepsTheCurvesFullLength() throws Exception {
    KeyPair keys = ecKeyWithShortX();
    X509Certificate ca = HandMadeCertificates.ecFor(keys);

    JsonNode entry = writtenEntry(ca);

    assertThat(decode(entry, "x")).hasSize(32).startsWith((byte) 0);
    assertThat(decode(entry, "y")).hasSize(32);
    assertThat(rebuild(entry).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void rsaParametersHaveNoLeadingZeroByte() throws Exception {
    JsonNode entry = writtenEntry(root(KeyType.RSA_2048));

    assertThat(decode(entry, "n")).hasSize(256);
    assertThat(entry.get("e").textValue()).isEqualTo("AQAB");
  }

  @Test
  void keyParametersAreBase64UrlWithoutPadding() throws Exception {
    for (KeyType type : List.of(KeyType.EC_P384, KeyType.RSA_2048, KeyType.ED25519)) {
      JsonNode entry = writtenEntry(root(type));
      for (String member : List.of("x", "y", "n", "e")) {
        if (entry.has(member)) {
          assertThat(entry.get(member).textValue()).matches("[A-Za-z0-9_-]+");
        }
      }
    }
  }

  private static PublicKey rebuild(JsonNode jwk) throws Exception {
    switch (jwk.get("kty").textValue()) {
      case "EC":
        return rebuildEc(jwk);
      case "RSA":
        RSAPublicKeySpec rsa = new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e"));
        return KeyFactory.getInstance("RSA").generatePublic(rsa);
      case "OKP":
        assertThat(jwk.get("crv").textValue()).isEqualTo("Ed25519");
        byte[] spki = HexFormat.of().parseHex(ED25519_SPKI_PREFIX + hex(decode(jwk, "x")));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      default:
        throw new AssertionError("unexpected kty " + jwk.get("kty"));
    }
  }

  private static PublicKey rebuildEc(JsonNode jwk) throws Exception {
    String crv = jwk.get("crv").textValue();
    assertThat(decode(jwk, "x")).hasSize(COORDINATE_BYTES.get(crv));
    assertThat(decode(jwk, "y")).hasSize(COORDINATE_BYTES.get(crv));
    ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
    ECPublicKeySpec spec = new ECPublicKeySpec(point, curve(JDK_CURVES.get(crv)));
    return KeyFactory.getInstance("EC").generatePublic(spec);
  }

  /** An EC P-256 key whose x coordinate is below 2^248, so its big-endian form starts with 0. */
  private static KeyPair ecKeyWithShortX() throws Exception {
    BigInteger limit = BigInteger.ONE.shiftLeft(248);
    while (true) {
      KeyPair keys = HandMadeCertificates.generate("EC", 256);
      if (((ECPublicKey) keys.getPublic()).getW().getAffineX().compareTo(limit) < 0) {
        return keys;
      }
    }
  }

  private static ECParameterSpec curve(String jdkName) throws Exception {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(jdkName));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  private static JsonNode writtenEntry(X509Certificate ca) throws Exception {
    String json = SpiffeBundleJson.write(TrustBundle.of(EXAMPLE_ORG, List.of(ca)));
    return JSON.readTree(json).get("keys").get(0);
  }

  private static byte[] decode(JsonNode jwk, String member) {
    return Base64.getUrlDecoder().decode(jwk.get(member).textValue());
  }

  private static BigInteger unsigned(JsonNode jwk, String member) {
    return new BigInteger(1, decode(jwk, member));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
