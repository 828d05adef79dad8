package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Polls the API until every WorkloadIdentity is Ready, or a deadline passes. */
final class IdentityWaiter {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(15);

  private final KubernetesClient client;

  IdentityWaiter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The state of every identity, in namespace/name order, once all are ready or at timeout. Says
   * every few seconds which identities it is still waiting for.
   */
  List<IdentityState> awaitAllReady(Duration timeout, Consumer<String> progress) {
    Instant deadline = Instant.now().plus(timeout);
    Instant nextReport = Instant.now().plus(REPORT_EVERY);
    List<IdentityState> states = current();
    while (!allReady(states) && Instant.now().isBefore(deadline)) {
      if (Instant.now().isAfter(nextReport)) {
        progress.accept("still waiting for " + notReady(states));
        nextReport = nextReport.plus(REPORT_EVERY);
      }
      sleep();
      states = current();
    }
    return states;
  }

  List<IdentityState> current() {
    return client.resources(WorkloadIdentity.class).inAnyNamespace().list().getItems().stream()
        .map(IdentityState::of)
        .sorted(IdentityState.BY_NAME)
        .toList();
  }

  private static String notReady(List<IdentityState> states) {
    return states.stream()
        .filter(state -> !state.ready())
        .map(state -> state.id() + " (" + state.reason() + ")")
        .collect(Collectors.joining(", "));
  }

  private static boolean allReady(List<IdentityState> states) {
    return states.stream().allMatch(IdentityState::ready);
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for identities", e);
    }
  }
}
