package dev.vsid.operator.bundle;

import dev.vsid.operator.pki.Fingerprints;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JWK members that describe a certificate's public key: {@code kty} and the key parameters of
 * RFC 7518 §6 (EC, RSA) or RFC 8037 §2 (OKP, Ed25519), base64url without padding, in a fixed order.
 * EC coordinates have the curve's full length; RSA integers have no leading zero bytes.
 */
final class JwkPublicKeys {
  /** SubjectPublicKeyInfo of an Ed25519 key, up to the 32 raw key bytes (RFC 8410 §4). */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final int ED25519_KEY_LENGTH = 32;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private JwkPublicKeys() {}

  /**
   * The members for {@code certificate}'s key.
   *
   * @throws IllegalArgumentException if the key is not EC P-256/P-384/P-521, RSA or Ed25519
   */
  static Map<String, String> of(X509Certificate certificate) {
    PublicKey key = certificate.getPublicKey();
    if (key instanceof ECPublicKey) {
      return ec((ECPublicKey) key, certificate);
    }
    if (key instanceof RSAPublicKey) {
      return rsa((RSAPublicKey) key);
    }
    if (isEd25519(key.getEncoded())) {
      return ed25519(key.getEncoded());
    }
    throw unsupported(certificate, "its key algorithm " + key.getAlgorithm());
  }

  private static Map<String, String> ec(ECPublicKey key, X509Certificate certificate) {
    Curve curve = Curve.of(key.getParams());
    if (curve == null) {
      throw unsupported(certificate, "its EC curve");
    }
    Map<String, String> members = new LinkedHashMap<>();
    members.put("kty", "EC");
    members.put("crv", curve.jwkName);
    members.put("x", base64url(fixedLength(key.getW().getAffineX(), curve.coordinateBytes)));
    members.put("y", base64url(fixedLength(key.getW().getAffineY(), curve.coordinateBytes)));
    return members;
  }

  private static Map<String, String> rsa(RSAPublicKey key) {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("kty", "RSA");
    members.put("n", base64url(unsigned(key.getModulus())));
    members.put("e", base64url(unsigned(key.getPublicExponent())));
    return members;
  }

  private static Map<String, String> ed25519(byte[] spki) {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("kty", "OKP");
    members.put("crv", "Ed25519");
    members.put("x", base64url(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length)));
    return members;
  }

  private static boolean isEd25519(byte[] spki) {
    return spki != null
        && spki.length == ED25519_SPKI_PREFIX.length + ED25519_KEY_LENGTH
        && Arrays.equals(
            spki,
            0,
            ED25519_SPKI_PREFIX.length,
            ED25519_SPKI_PREFIX,
            0,
            ED25519_SPKI_PREFIX.length);
  }

  /** Big-endian bytes of a non-negative integer, without the sign byte BigInteger may add. */
  static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      return Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return bytes;
  }

  private static byte[] fixedLength(BigInteger value, int length) {
    byte[] bytes = unsigned(value);
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
  }

  private static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  private static IllegalArgumentException unsupported(X509Certificate certificate, String what) {
    return new IllegalArgumentException(
        "cannot write the authority "
            + Fingerprints.sha256(certificate)
            + " as a JWK: "
            + what
            + " is not supported (EC P-256, P-384, P-521, RSA and Ed25519 are)");
  }

  /** The NIST curves a JWK can name, with their domain parameters from the JDK. */
  private enum Curve {
    P256("P-256", "secp256r1", 32),
    P384("P-384", "secp384r1", 48),
    P521("P-521", "secp521r1", 66);

    private final String jwkName;
    private final ECParameterSpec params;
    private final int coordinateBytes;

    Curve(String jwkName, String jdkName, int coordinateBytes) {
      this.jwkName = jwkName;
      this.params = lookUp(jdkName);
      this.coordinateBytes = coordinateBytes;
    }

    static Curve of(ECParameterSpec candidate) {
      for (Curve curve : values()) {
        if (candidate != null && same(curve.params, candidate)) {
          return curve;
        }
      }
      return null;
    }

    private static boolean same(ECParameterSpec a, ECParameterSpec b) {
      return a.getCurve().equals(b.getCurve())
          && a.getOrder().equals(b.getOrder())
          && a.getGenerator().equals(b.getGenerator())
          && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec lookUp(String jdkName) {
      try {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(jdkName));
        return parameters.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK does not know the curve " + jdkName, e);
      }
    }
  }
}
