package dev.vsid.operator.config;

import dev.vsid.operator.text.Text;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Kubernetes users write them ({@code 24h}, {@code 90m}, {@code 1h30m},
 * {@code 1.5h}): one or more decimal numbers, each with a unit of ns, us, µs, ms, s, m or h.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final int MAX_INPUT_LENGTH = 64;

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message that shows the expected form
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_INPUT_LENGTH) {
      throw invalid(text);
    }
    Matcher part = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < text.length()) {
      if (!part.find(position) || part.start() != position) {
        throw invalid(text);
      }
      BigDecimal unit = BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)));
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unit));
      position = part.end();
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(
          "duration "
              + Text.quote(text)
              + " is too long; write at most a few years, such as"
              + " 8760h");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Formats a duration in the same notation, e.g. {@code 24h}, {@code 1h30m}, {@code 45s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    appendIf(out, hours, "h");
    appendIf(out, minutes, "m");
    appendIf(out, seconds, "s");
    appendIf(out, millis, "ms");
    return out.length() == 0 ? duration.toNanos() + "ns" : out.toString();
  }

  private static void appendIf(StringBuilder out, long value, String unit) {
    if (value != 0) {
      out.append(value).append(unit);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        Text.quote(text)
            + " is not a duration; write a number and a unit (h, m, s, ms), such as 24h,"
            + " 90m or 1h30m");
  }
}
