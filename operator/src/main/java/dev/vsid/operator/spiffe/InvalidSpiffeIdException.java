package dev.vsid.operator.spiffe;

/** Thrown when a SPIFFE ID, trust domain name or path breaks the SPIFFE ID specification. */
public final class InvalidSpiffeIdException extends IllegalArgumentException {
  private static final int MAX_QUOTED = 80;

  private final SpiffeIdError kind;

  InvalidSpiffeIdException(SpiffeIdError kind, String what, String input, int offset) {
    super(describe(kind, what, input, offset));
    this.kind = kind;
  }

  public SpiffeIdError kind() {
    return kind;
  }

  private static String describe(SpiffeIdError kind, String what, String input, int offset) {
    StringBuilder text = new StringBuilder(what).append(' ').append(quote(input));
    text.append(' ').append(kind.explanation());
    if (offset >= 0 && offset < input.length()) {
      text.append(" (offending character ").append(quote(input.substring(offset, offset + 1)));
      text.append(" at position ").append(offset).append(')');
    }
    return text.toString();
  }

  /** Quotes user input for a message: control characters escaped, long values cut. */
  static String quote(String input) {
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(input.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = input.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (input.length() > MAX_QUOTED) {
      out.append("...(").append(input.length()).append(" characters)");
    }
    return out.append('"').toString();
  }
}
