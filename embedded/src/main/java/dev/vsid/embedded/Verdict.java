package dev.vsid.embedded;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of verifying one identity's files.
 *
 * @param passed the checks that passed, in the order they ran
 * @param failure why verification stopped, or null when every check passed
 * @param serialNumber the leaf's serial number, hexadecimal, or null if it could not be read
 * @param notAfter the leaf's expiry, or null if it could not be read
 */
record Verdict(List<String> passed, String failure, String serialNumber, Instant notAfter) {
  static final String CHAIN = "chain";
  static final String CONFIGMAP_CHAIN = "ConfigMap chain";
  static final String SPIFFE_ID = "SPIFFE ID";
  static final String KEY = "key";
  static final String VALIDITY = "validity";
  static final String OPENSSL = "openssl";

  boolean ok() {
    return failure == null;
  }

  /** "OK (chain, ConfigMap chain, SPIFFE ID, key, validity, openssl)" or "FAILED: why". */
  String describe() {
    return ok() ? "OK (" + String.join(", ", passed) + ")" : "FAILED: " + failure;
  }
}
