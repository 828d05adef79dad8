package dev.vsid.operator.pki;

/**
 * A certificate or key problem that a user can act on. The message says what is wrong and what to
 * change; it never contains key material or PEM text.
 */
public class PkiException extends Exception {
  private static final long serialVersionUID = 1L;

  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
