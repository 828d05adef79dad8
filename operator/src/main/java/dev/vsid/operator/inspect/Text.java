package dev.vsid.operator.inspect;

import java.time.Duration;

/**
 * Makes text from certificates and files safe to print on one line: control characters are escaped,
 * so that a crafted name cannot start a line of its own (a fake "PROBLEM:" or verdict).
 */
final class Text {
  private static final int MAX_QUOTED = 80;

  private Text() {}

  static String oneLine(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control =
          c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029;
      out.append(control ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  /**
   * A duration for people: days and hours from two days on, hours and minutes from one hour on,
   * else minutes and seconds.
   */
  static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds >= 2 * 86_400) {
      return seconds / 86_400 + "d " + (seconds % 86_400) / 3_600 + "h";
    }
    if (seconds >= 3_600) {
      return seconds / 3_600 + "h " + (seconds % 3_600) / 60 + "m";
    }
    return seconds / 60 + "m " + seconds % 60 + "s";
  }

  /** A user-typed value in quotes, escaped and cut to a readable length. */
  static String quote(String value) {
    String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
    return "\"" + oneLine(shown) + "\"";
  }
}
