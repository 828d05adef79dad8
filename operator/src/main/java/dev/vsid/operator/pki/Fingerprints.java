package dev.vsid.operator.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate fingerprints in the form {@code ab:cd:...}: lowercase hex, ':' between bytes. */
public final class Fingerprints {
  private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":");

  private Fingerprints() {}

  /**
   * A certificate's serial number in lowercase hexadecimal, padded to whole bytes, as openssl
   * prints it (without colons).
   */
  public static String serialNumber(X509Certificate certificate) {
    String hex = certificate.getSerialNumber().toString(16);
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }

  /** SHA-256 of the certificate's DER encoding. */
  public static String sha256(X509Certificate certificate) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return COLON_HEX.formatHex(digest.digest(Pem.encoded(certificate)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
