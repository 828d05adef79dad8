package dev.vsid.operator.federation;

import java.time.Duration;
import java.util.Optional;

/**
 * The refresh interval a client uses for a fetched bundle: the bundle's {@code
 * spiffe_refresh_hint}, or 5 minutes when it has none (SPIFFE Trust Domain and Bundle §4.1.2), kept
 * between 10 seconds (a foreign server cannot make the operator poll it in a tight loop) and 24
 * hours (a long hint cannot leave a rotation unseen for days).
 */
public final class RefreshHints {
  public static final Duration DEFAULT = Duration.ofMinutes(5);
  public static final Duration MINIMUM = Duration.ofSeconds(10);
  public static final Duration MAXIMUM = Duration.ofHours(24);

  private RefreshHints() {}

  /** {@code hint} clamped to [{@link #MINIMUM}, {@link #MAXIMUM}], or {@link #DEFAULT}. */
  public static Duration effective(Optional<Duration> hint) {
    Duration wanted = hint.orElse(DEFAULT);
    if (wanted.compareTo(MINIMUM) < 0) {
      return MINIMUM;
    }
    return wanted.compareTo(MAXIMUM) > 0 ? MAXIMUM : wanted;
  }
}
