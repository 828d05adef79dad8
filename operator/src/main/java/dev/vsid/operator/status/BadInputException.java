package dev.vsid.operator.status;

/**
 * A problem with what the user wrote (or with an object the user controls) that retrying cannot
 * fix. It becomes a Ready=False condition with this reason and message, and one Event.
 */
public class BadInputException extends Exception {
  private final String reason;

  public BadInputException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
