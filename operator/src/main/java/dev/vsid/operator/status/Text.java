package dev.vsid.operator.status;

/**
 * User-supplied text as it may appear in a status message, an Event or a log line: control
 * characters escaped (so no one can forge a log line) and long values cut.
 */
public final class Text {
  private static final int MAX_QUOTED = 64;

  private Text() {}

  /** {@code value} in double quotes, escaped and cut to a readable length. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(value.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_QUOTED) {
      out.append("...(").append(value.length()).append(" characters)");
    }
    return out.append('"').toString();
  }
}
