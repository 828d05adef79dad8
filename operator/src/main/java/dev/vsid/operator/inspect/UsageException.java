package dev.vsid.operator.inspect;

/** The command line or its input cannot be used at all: exit code 2, with a message to the user. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
