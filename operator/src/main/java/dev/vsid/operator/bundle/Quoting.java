package dev.vsid.operator.bundle;

/** Quotes untrusted input for an error message: control characters escaped, long values cut. */
final class Quoting {
  static final int MAX_QUOTED = 80;

  private Quoting() {}

  static String quote(String input) {
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(input.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = input.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
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

  /** An unquoted text of a library's message, cut to the same length. */
  static String cut(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").trim();
    return oneLine.length() <= MAX_QUOTED ? oneLine : oneLine.substring(0, MAX_QUOTED) + "...";
  }
}
