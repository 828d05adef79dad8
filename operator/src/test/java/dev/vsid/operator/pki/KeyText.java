package dev.vsid.operator.pki;

import java.security.PrivateKey;
import java.util.Base64;

/** Forms in which a private key could leak into text, for tests that it does not. */
final class KeyText {
  private KeyText() {}

  static String base64Body(PrivateKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The first line of the key's PEM body. */
  static String firstBase64Line(PrivateKey key) {
    return Pem.encodePrivateKey(key).lines().skip(1).findFirst().orElseThrow();
  }
}
