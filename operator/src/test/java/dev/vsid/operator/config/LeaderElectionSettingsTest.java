package dev.vsid.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaderElectionSettingsTest {
  @Test
  void inAClusterLeaderElectionIsOnWithALeaseInTheOperatorNamespaceNamedAfterThePod() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of("VSID_NAMESPACE", "vsid-system", "HOSTNAME", "vsid-operator-7d9f-x2k4q"));

    LeaderElectionSettings election = settings.leaderElection();
    assertThat(election.enabled()).isTrue();
    assertThat(election.leaseName()).isEqualTo("vsid-operator");
    assertThat(election.leaseNamespace()).isEqualTo("vsid-system");
    assertThat(election.identity()).isEqualTo("vsid-operator-7d9f-x2k4q");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(election.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(election.exitOnStopLeading()).isTrue();
  }

  @Test
  void everyLeaderElectionSettingCanBeSetFromTheEnvironment() {
    LeaderElectionSettings election =
        OperatorSettings.fromEnvironment(
                Map.of(
                    "VSID_NAMESPACE", "vsid-system",
                    "VSID_LEADER_ELECTION", "TRUE",
                    "VSID_LEASE_NAME", "vsid-operator-blue",
                    "VSID_LEASE_NAMESPACE", "leases",
                    "VSID_LEADER_IDENTITY", "replica-1",
                    "HOSTNAME", "ignored",
                    "VSID_LEASE_DURATION", "30s",
                    "VSID_LEASE_RENEW_DEADLINE", "20s",
                    "VSID_LEASE_RETRY_PERIOD", "500ms"))
            .leaderElection();

    assertThat(election.enabled()).isTrue();
    assertThat(election.leaseName()).isEqualTo("vsid-operator-blue");
    assertThat(election.leaseNamespace()).isEqualTo("leases");
    assertThat(election.identity()).isEqualTo("replica-1");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(election.retryPeriod()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void leaderElectionCanBeTurnedOff() {
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("VSID_LEADER_ELECTION", "false"))
                .leaderElection()
                .enabled())
        .isFalse();
  }

  @Test
  void withoutAHostNameEachProcessGetsARandomIdentity() {
    String first = OperatorSettings.fromEnvironment(Map.of()).leaderElection().identity();
    String second = OperatorSettings.fromEnvironment(Map.of()).leaderElection().identity();

    assertThat(first).startsWith("vsid-operator-").isNotEqualTo(second);
  }

  @Test
  void theDefaultsForTestsAndTheEmbeddedModeRunWithoutLeaderElection() {
    assertThat(OperatorSettings.defaults("vsid-system").leaderElection().enabled()).isFalse();
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseIsRefusedRatherThanReadAsOff() {
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("VSID_LEADER_ELECTION", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VSID_LEADER_ELECTION");
  }

  @ParameterizedTest
  @CsvSource({
    "15s, 15s, 2s, VSID_LEASE_RENEW_DEADLINE",
    "15s, 20s, 2s, VSID_LEASE_RENEW_DEADLINE",
    "15s, 10s, 10s, VSID_LEASE_RETRY_PERIOD",
    "15s, 2s, 2s, VSID_LEASE_RETRY_PERIOD",
    "15s, 10s, 0s, VSID_LEASE_RETRY_PERIOD",
    "2500ms, 2s, 1s, VSID_LEASE_DURATION",
    "0s, 10s, 2s, VSID_LEASE_DURATION",
    "soon, 10s, 2s, VSID_LEASE_DURATION"
  })
  void timingsThatCannotWorkAreRefusedNamingTheVariable(
      String lease, String renew, String retry, String named) {
    Map<String, String> env =
        Map.of(
            "VSID_LEASE_DURATION", lease,
            "VSID_LEASE_RENEW_DEADLINE", renew,
            "VSID_LEASE_RETRY_PERIOD", retry);

    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  @Test
  void aLeaseNameThatKubernetesWouldRejectIsRefused() {
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("VSID_LEASE_NAME", "Vsid_Operator")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VSID_LEASE_NAME");
  }
}
