package dev.vsid.operator.spiffe;

import dev.vsid.operator.text.Text;

/** Thrown when a SPIFFE ID, trust domain name or path breaks the SPIFFE ID specification. */
public final class InvalidSpiffeIdException extends IllegalArgumentException {

  private final SpiffeIdError kind;

  InvalidSpiffeIdException(SpiffeIdError kind, String what, String input, int offset) {
    super(describe(kind, what, input, offset));
    this.kind = kind;
  }

  public SpiffeIdError kind() {
    return kind;
  }

  private static String describe(SpiffeIdError kind, String what, String input, int offset) {
    StringBuilder text = new StringBuilder(what).append(' ').append(Text.quote(input));
    text.append(' ').append(kind.explanation());
    if (offset >= 0 && offset < input.length()) {
      text.append(" (offending character ").append(Text.quote(input.substring(offset, offset + 1)));
      text.append(" at position ").append(offset).append(')');
    }
    return text.toString();
  }
}
