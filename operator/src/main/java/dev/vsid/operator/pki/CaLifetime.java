package dev.vsid.operator.pki;

import dev.vsid.operator.config.Durations;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A CA certificate must be valid now and stay valid for a minimum time, or the SVIDs it issues
 * would be cut short (an SVID never outlives the certificates above it).
 */
final class CaLifetime {
  private final Instant now;
  private final Duration minimumLeft;

  CaLifetime(Clock clock, Duration minimumLeft) {
    Objects.requireNonNull(clock, "clock");
    if (minimumLeft == null || minimumLeft.isNegative()) {
      throw new IllegalArgumentException(
          "the minimum CA lifetime left must be zero or positive, got " + minimumLeft);
    }
    this.now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    this.minimumLeft = minimumLeft;
  }

  /** Checks one certificate; {@code what} names it in messages, such as "the CA certificate". */
  void check(X509Certificate cert, String what) throws PkiException {
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (now.isBefore(notBefore)) {
      throw new PkiException(
          what + " is not valid until " + notBefore + " (now is " + now + "); check the clocks");
    }
    if (!now.isBefore(notAfter)) {
      throw new PkiException(what + " expired at " + notAfter + "; rotate the CA");
    }
    Duration left = Duration.between(now, notAfter);
    if (left.compareTo(minimumLeft) < 0) {
      throw new PkiException(
          what
              + " expires at "
              + notAfter
              + ", in "
              + Durations.format(left)
              + ", less than the required "
              + Durations.format(minimumLeft)
              + "; rotate the CA");
    }
  }
}
