package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.testing.SettableClock;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReissueScheduleTest {
  private static final String EXAMPLE = "example.org";
  private static final String OTHER = "other.org";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void atFourPerSecondIdentitiesGetSlotsAQuarterOfASecondApart() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 4);

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      waits.add(schedule.waitFor(EXAMPLE, id("web-" + i)));
    }

    assertThat(waits)
        .containsExactly(
            Duration.ZERO,
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofMillis(750),
            Duration.ofSeconds(1),
            Duration.ofMillis(1250),
            Duration.ofMillis(1500),
            Duration.ofMillis(1750),
            Duration.ofSeconds(2));
  }

  @Test
  void atOnePerSecondTheSlotsAreASecondApart() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 1);

    assertThat(schedule.waitFor(EXAMPLE, id("a"))).isZero();
    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(schedule.waitFor(EXAMPLE, id("c"))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void noMoreThanTheRateGoInAnySecond() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 5);
    List<ResourceID> waiting = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      waiting.add(id("svid-" + i));
    }

    List<Integer> wentPerSecond = new ArrayList<>();
    while (!waiting.isEmpty()) {
      int went = 0;
      for (int tick = 0; tick < 10; tick++) {
        went += goNow(schedule, waiting);
        clock.advance(Duration.ofMillis(100));
      }
      wentPerSecond.add(went);
    }

    assertThat(wentPerSecond).containsExactly(5, 5, 5, 5, 3);
  }

  @Test
  void trustDomainsDoNotShareSlots() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);

    assertThat(schedule.waitFor(EXAMPLE, id("a"))).isZero();
    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isEqualTo(Duration.ofMillis(500));
    assertThat(schedule.waitFor(OTHER, id("c"))).isZero();
    assertThat(schedule.waitFor(OTHER, id("d"))).isEqualTo(Duration.ofMillis(500));
    assertThat(schedule.waitFor(EXAMPLE, id("e"))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anIdentityAskingAgainKeepsItsSlotAndGoesWhenItComes() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);
    schedule.waitFor(EXAMPLE, id("a"));
    schedule.waitFor(EXAMPLE, id("b"));
    assertThat(schedule.waitFor(EXAMPLE, id("c"))).isEqualTo(Duration.ofSeconds(1));

    clock.advance(Duration.ofMillis(400));
    assertThat(schedule.waitFor(EXAMPLE, id("c"))).isEqualTo(Duration.ofMillis(600));
    assertThat(schedule.waitFor(EXAMPLE, id("c")))
        .as("asking twice does not push it back")
        .isEqualTo(Duration.ofMillis(600));
    assertThat(schedule.waitFor(EXAMPLE, id("d")))
        .as("a newcomer queues after it")
        .isEqualTo(Duration.ofMillis(1100));

    clock.advance(Duration.ofMillis(600));
    assertThat(schedule.waitFor(EXAMPLE, id("c"))).isZero();
  }

  @Test
  void anIdentityThatComesLateForItsSlotGoesAtOnce() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);
    schedule.waitFor(EXAMPLE, id("a"));
    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isEqualTo(Duration.ofMillis(500));

    clock.advance(Duration.ofMinutes(3));

    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isZero();
  }

  @Test
  void aUsedSlotIsGoneSoTheNextRoundQueuesAgain() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);
    assertThat(schedule.waitFor(EXAMPLE, id("a"))).isZero();
    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isEqualTo(Duration.ofMillis(500));

    assertThat(schedule.waitFor(EXAMPLE, id("a")))
        .as("a went in its slot; asking again is a new request behind b")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void releaseForgetsTheSlotOfAnIdentityReissuedForAnotherReason() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);
    schedule.waitFor(EXAMPLE, id("a"));
    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isEqualTo(Duration.ofMillis(500));
    assertThat(schedule.waitFor(EXAMPLE, id("c"))).isEqualTo(Duration.ofSeconds(1));

    schedule.release(id("b"));

    assertThat(schedule.waitFor(EXAMPLE, id("c")))
        .as("the others keep their slots")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(schedule.waitFor(EXAMPLE, id("b")))
        .as("b no longer holds its old slot; it queues again")
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void releasingAnIdentityWithoutASlotChangesNothing() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);

    schedule.release(id("never-asked"));

    assertThat(schedule.waitFor(EXAMPLE, id("a"))).isZero();
    assertThat(schedule.waitFor(EXAMPLE, id("b"))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void afterAQuietPeriodANewIdentityGoesAtOnce() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);
    for (int i = 0; i < 10; i++) {
      schedule.waitFor(EXAMPLE, id("burst-" + i));
    }

    clock.advance(Duration.ofSeconds(6));

    assertThat(schedule.waitFor(EXAMPLE, id("late"))).isZero();
    assertThat(schedule.waitFor(EXAMPLE, id("later"))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void identitiesWithTheSameNameInTwoNamespacesAreTwoIdentities() {
    ReissueSchedule schedule = new ReissueSchedule(clock, 2);

    assertThat(schedule.waitFor(EXAMPLE, new ResourceID("web", "shop"))).isZero();
    assertThat(schedule.waitFor(EXAMPLE, new ResourceID("web", "payments")))
        .isEqualTo(Duration.ofMillis(500));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void aRateBelowOnePerSecondIsRefused(int perSecond) {
    assertThatThrownBy(() -> new ReissueSchedule(clock, perSecond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 per second");
  }

  /** Lets every waiting identity whose slot has come go; returns how many went. */
  private static int goNow(ReissueSchedule schedule, List<ResourceID> waiting) {
    int went = 0;
    for (ResourceID identity : new ArrayList<>(waiting)) {
      if (schedule.waitFor(EXAMPLE, identity).isZero()) {
        waiting.remove(identity);
        went++;
      }
    }
    return went;
  }

  private static ResourceID id(String name) {
    return new ResourceID(name, "shop");
  }
}
