package dev.vsid.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "24h, PT24H", "90m, PT1H30M", "1h30m, PT1H30M", "1.5h, PT1H30M", "45s, PT45S",
    "500ms, PT0.5S", "2h0m10s, PT2H10S", "10us, PT0.00001S", "10µs, PT0.00001S", "0s, PT0S"
  })
  void durationsAreReadAsKubernetesUsersWriteThem(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "24",
        "h",
        "1d",
        "-1h",
        "1h ",
        " 1h",
        "1H",
        "1h-30m",
        "1e3s",
        "99999999999999999999h",
        "1.h",
        ".5h"
      })
  void malformedDurationsAreRejectedWithTheExpectedForm(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"PT24H, 24h", "PT1H30M, 1h30m", "PT45S, 45s", "PT0.25S, 250ms"})
  void durationsAreFormattedInTheSameNotation(String duration, String expected) {
    assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(Duration.parse(duration));
  }
}
