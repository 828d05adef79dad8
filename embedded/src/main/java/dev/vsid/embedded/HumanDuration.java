package dev.vsid.embedded;

import java.time.Duration;

/**
 * A duration the way the Kubernetes API server shows ages in tables: exact to the second while it
 * is short, coarser as it grows ({@code 90s}, {@code 4m10s}, {@code 35m}, {@code 5h20m}, {@code
 * 30h}, {@code 3d4h}, {@code 12d}, {@code 2y30d}). A time more than a second ahead is {@code
 * <invalid>}, as there.
 */
final class HumanDuration {
  private HumanDuration() {}

  static String of(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 120) {
      return Math.max(seconds, 0) + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return join(minutes, "m", seconds % 60, "s");
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return join(hours, "h", minutes % 60, "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (days < 8) {
      return join(days, "d", hours % 24, "h");
    }
    if (days < 365 * 2) {
      return days + "d";
    }
    return days < 365 * 8 ? join(days / 365, "y", days % 365, "d") : days / 365 + "y";
  }

  /** {@code 3m12s}, or {@code 3m} when the smaller unit is zero. */
  private static String join(long big, String bigUnit, long small, String smallUnit) {
    return small == 0 ? big + bigUnit : big + bigUnit + small + smallUnit;
  }
}
