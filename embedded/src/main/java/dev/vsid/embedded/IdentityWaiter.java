package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Polls the API until every WorkloadIdentity is Ready, or a deadline passes. */
final class IdentityWaiter {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KubernetesClient client;

  IdentityWaiter(KubernetesClient client) {
    this.client = client;
  }

  /** The state of every identity, in namespace/name order, once all are ready or at timeout. */
  List<IdentityState> awaitAllReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<IdentityState> states = current();
    while (!allReady(states) && Instant.now().isBefore(deadline)) {
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
