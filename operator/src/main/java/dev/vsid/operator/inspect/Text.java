package dev.vsid.operator.inspect;

import java.time.Duration;

/**
 * Makes text from certificates and files safe to print on one line: control characters are escaped,
 * so that a crafted name cannot start a line of its own (a fake "PROBLEM:" or verdict).
 */
final class Text {
  private Text() {}

  static String oneLine(String value) {
    return dev.vsid.operator.text.Text.oneLine(value);
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
    return dev.vsid.operator.text.Text.quote(value);
  }
}
