package dev.vsid.operator.bundle;

/**
 * A trust bundle document that cannot be used: malformed JSON or PEM, a missing required member, a
 * certificate that does not parse. The message is short, says what is wrong and where, quotes at
 * most a few dozen characters of the input, and never holds key material.
 */
public class BundleFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public BundleFormatException(String message) {
    super(message);
  }
}
