package dev.vsid.operator.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.config.LeaderElectionSettings;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipTest {
  private static final LeaderElectionSettings ON =
      LeaderElectionSettings.disabled("vsid-system")
          .withEnabled(true)
          .withIdentity("replica-a")
          .withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500));

  private final AtomicInteger exits = new AtomicInteger();

  @Test
  void theSdkGetsTheLeaseTheIdentityAndTheTimingsButNotItsOwnExit() {
    LeaderElectionConfiguration config =
        new Leadership(ON, exits::incrementAndGet).configuration().orElseThrow();

    assertThat(config.getLeaseName()).isEqualTo("vsid-operator");
    assertThat(config.getLeaseNamespace()).contains("vsid-system");
    assertThat(config.getIdentity()).contains("replica-a");
    assertThat(config.getLeaseDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.getRenewDeadline()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.getRetryPeriod()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.isExitOnStopLeading()).isFalse();
    assertThat(config.getLeaderCallbacks()).isPresent();
  }

  @Test
  void withLeaderElectionOffThereIsNoConfigurationAndTheOperatorAlwaysLeads() {
    Leadership off = new Leadership(ON.withEnabled(false), exits::incrementAndGet);

    assertThat(off.configuration()).isEmpty();
    assertThat(off.isLeading()).isTrue();
  }

  @Test
  void aLeaderThatLosesTheLeaseWhileRunningEndsTheProcess() {
    Leadership leadership = new Leadership(ON, exits::incrementAndGet);
    assertThat(leadership.isLeading()).isFalse();

    leadership.startedLeading();
    assertThat(leadership.isLeading()).isTrue();
    leadership.stoppedLeading();
    leadership.stoppedLeading();

    assertThat(leadership.isLeading()).isFalse();
    assertThat(exits).as("one exit, however often the elector reports the loss").hasValue(1);
  }

  @Test
  void aLeaderStoppedOnPurposeDoesNotEndTheProcess() {
    Leadership leadership = new Leadership(ON, exits::incrementAndGet);
    leadership.startedLeading();

    leadership.closing();
    leadership.stoppedLeading();

    assertThat(exits).hasValue(0);
  }

  @Test
  void aReplicaThatNeverLedHasNothingToGiveUp() {
    Leadership leadership = new Leadership(ON, exits::incrementAndGet);

    leadership.newLeader("replica-b");
    leadership.stoppedLeading();

    assertThat(exits).hasValue(0);
  }

  @Test
  void withExitTurnedOffALostLeaseOnlyStopsCountingAsLeader() {
    Leadership leadership = new Leadership(ON.withExitOnStopLeading(false), exits::incrementAndGet);
    leadership.startedLeading();

    leadership.stoppedLeading();

    assertThat(leadership.isLeading()).isFalse();
    assertThat(exits).hasValue(0);
  }
}
