package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a namespace whose bundle write failed waits before the next try. */
class BundleDistributorBackoffTest {

  @Test
  void theDelayStartsAtTwoSecondsAndDoublesWithEachFailure() {
    assertThat(BundleDistributor.delay(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(BundleDistributor.delay(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(BundleDistributor.delay(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(BundleDistributor.delay(7)).isEqualTo(Duration.ofSeconds(128));
    assertThat(BundleDistributor.delay(8)).isEqualTo(Duration.ofSeconds(256));
  }

  @Test
  void theDelayStopsAtFiveMinutes() {
    assertThat(BundleDistributor.delay(9)).isEqualTo(Duration.ofMinutes(5));
    assertThat(BundleDistributor.delay(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(BundleDistributor.delay(1_000)).isEqualTo(Duration.ofMinutes(5));
    assertThat(BundleDistributor.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theDelayNeverShrinksAsFailuresGrow() {
    Duration previous = Duration.ZERO;
    for (int attempts = 1; attempts <= 64; attempts++) {
      Duration delay = BundleDistributor.delay(attempts);
      assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofMinutes(5));
      previous = delay;
    }
  }

  @Test
  void aNonPositiveAttemptCountGetsTheFirstDelay() {
    assertThat(BundleDistributor.delay(0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(BundleDistributor.delay(-1)).isEqualTo(Duration.ofSeconds(2));
  }
}
