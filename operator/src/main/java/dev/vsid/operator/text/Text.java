package dev.vsid.operator.text;

/**
 * Untrusted text (from a resource, a file or a certificate) made safe for a status message, an
 * Event, a log line or a command's output: control characters, quotes and backslashes escaped, so
 * that no value can start a line of its own or break out of its quotes, and long values cut.
 */
public final class Text {
  public static final int MAX_QUOTED = 80;

  private Text() {}

  /** {@code value} in double quotes, escaped and cut to {@value #MAX_QUOTED} characters. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) : value;
    StringBuilder out = new StringBuilder("\"").append(escape(shown, true));
    if (value.length() > MAX_QUOTED) {
      out.append("...(").append(value.length()).append(" characters)");
    }
    return out.append('"').toString();
  }

  /** {@code value} on one line, control characters escaped; not cut and not quoted. */
  public static String oneLine(String value) {
    return escape(value, false);
  }

  /** A library's message, on one line and cut: for errors that quote their input. */
  public static String cut(String message) {
    if (message == null) {
      return "";
    }
    String line = message.replaceAll("[\\r\\n\\t]+", " ").trim();
    return oneLine(line.length() <= MAX_QUOTED ? line : line.substring(0, MAX_QUOTED) + "...");
  }

  private static String escape(String value, boolean inQuotes) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isControl(c) || (inQuotes && (c == '"' || c == '\\'))) {
        out.append(
            c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isControl(char c) {
    return Character.isISOControl(c)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
