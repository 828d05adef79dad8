package dev.vsid.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.health.Lifecycle.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The probes' answers from the states they read, without a cluster. */
class ProbesTest {
  private final Lifecycle lifecycle = new Lifecycle();
  private final List<InformerState> informers = new ArrayList<>();
  private boolean leading = true;
  private Optional<String> holder = Optional.empty();
  private final Map<String, Optional<String>> cas = new java.util.TreeMap<>();

  private final Probes probes =
      new Probes(
          lifecycle,
          () -> List.copyOf(informers),
          new Probes.Leader() {
            @Override
            public boolean leading() {
              return leading;
            }

            @Override
            public Optional<String> holder() {
              return holder;
            }
          },
          new Probes.TrustDomainCas() {
            @Override
            public List<String> trustDomains() {
              return List.copyOf(cas.keySet());
            }

            @Override
            public Optional<String> problem(String trustDomain) {
              return cas.get(trustDomain);
            }
          });

  private void running() {
    lifecycle.moveTo(Phase.RUNNING);
    informers.add(new InformerState("workloadidentity/svid-secrets", true, true));
  }

  @Test
  void aRunningLeaderWithSyncedInformersAndLoadedCasIsReadyAndAlive() {
    running();
    cas.put("example", Optional.empty());

    assertThat(probes.readiness().passed()).isTrue();
    assertThat(probes.readiness().body())
        .isEqualTo("controllers: ok\ninformers: ok\nleader: ok\ntrust domain CAs: ok\n");
    assertThat(probes.liveness().body()).isEqualTo("controllers: ok\ninformers: ok\n");
  }

  @Test
  void whileStartingTheReplicaIsAliveButNotReady() {
    lifecycle.moveTo(Phase.STARTING);

    assertThat(probes.liveness().passed()).isTrue();
    assertThat(probes.readiness().passed()).isFalse();
    assertThat(probes.readiness().body())
        .isEqualTo("controllers: failing: starting\ninformers: failing: not started\n");
  }

  @Test
  void anInformerThatHasNotSyncedKeepsTheReplicaUnready() {
    running();
    informers.add(new InformerState("trustdomain/ca-secrets", false, true));

    assertThat(probes.readiness().passed()).isFalse();
    assertThat(probes.readiness().body())
        .contains("informers: failing: not synced: trustdomain/ca-secrets");
  }

  @Test
  void aFollowerIsReadyWhileAnotherReplicaHoldsAValidLeaseAndDoesNotJudgeCas() {
    running();
    leading = false;
    cas.put("example", Optional.of("ProvidedCaInvalid"));
    holder = Optional.of("replica-b");

    assertThat(probes.readiness().body()).contains("leader: ok").contains("trust domain CAs: ok");
    assertThat(probes.readiness().passed()).isTrue();

    holder = Optional.empty();
    assertThat(probes.readiness().passed()).isFalse();
    assertThat(probes.readiness().body())
        .contains("leader: failing: no replica holds a valid Lease");
    assertThat(probes.liveness().passed()).as("a replica that does not lead is alive").isTrue();
  }

  @Test
  void onTheLeaderATrustDomainWhoseCaCannotBeLoadedIsNamedWithItsReason() {
    running();
    cas.put("example", Optional.of("ProvidedCaInvalid"));
    cas.put("other", Optional.empty());

    assertThat(probes.readiness().passed()).isFalse();
    assertThat(probes.readiness().body())
        .contains("trust domain CAs: failing: TrustDomain example (ProvidedCaInvalid)")
        .doesNotContain("other");
  }

  @Test
  void aStoppedInformerOrAStoppedOperatorIsNotAlive() {
    running();
    lifecycle.informerStopped("WorkloadIdentity");

    assertThat(probes.liveness().passed()).isFalse();
    assertThat(probes.liveness().body())
        .contains("informers: failing: the informer of WorkloadIdentity stopped");

    Lifecycle stopped = new Lifecycle();
    stopped.moveTo(Phase.STOPPED);
    Probes afterStop = new Probes(stopped, List::of, null, null);
    assertThat(afterStop.liveness().body()).contains("controllers: failing: stopped");
    assertThat(afterStop.readiness().passed()).isFalse();
  }

  @Test
  void anInformerThatIsNoLongerRunningIsNotAlive() {
    running();
    informers.add(new InformerState("trustdomain/trustdomain", true, false));

    assertThat(probes.liveness().passed()).isFalse();
    assertThat(probes.liveness().body())
        .contains("informers: failing: not running: trustdomain/trustdomain");
  }
}
