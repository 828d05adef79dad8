package dev.vsid.operator.identity;

/** The issuer could not produce a valid SVID. Retried with backoff; nothing was written. */
public class IssuanceFailedException extends RuntimeException {
  public IssuanceFailedException(String message) {
    super(message);
  }
}
