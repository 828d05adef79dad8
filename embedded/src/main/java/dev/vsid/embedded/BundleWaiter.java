package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Polls TrustDomains until each reports its bundle ConfigMaps in sync, or a deadline passes. */
final class BundleWaiter {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KubernetesClient client;

  BundleWaiter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The TrustDomains named, as last seen: once every one that exists reports BundlesInSync=True, or
   * at the deadline. Those that do not exist are left out.
   */
  Map<String, TrustDomain> awaitInSync(Set<String> names, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Map<String, TrustDomain> seen = current(names);
    while (!seen.values().stream().allMatch(BundleWaiter::inSync)
        && Instant.now().isBefore(deadline)) {
      sleep();
      seen = current(names);
    }
    return seen;
  }

  static boolean inSync(TrustDomain td) {
    return td.getStatus() != null
        && td.getStatus().getBundle() != null
        && Conditions.isTrue(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC);
  }

  /** The BundlesInSync condition's reason and message, for a report. */
  static String condition(TrustDomain td) {
    Optional<Condition> condition =
        td.getStatus() == null
            ? Optional.empty()
            : Conditions.find(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC);
    return condition
        .map(c -> c.getStatus() + " (" + c.getReason() + "): " + c.getMessage())
        .orElse("not reported yet");
  }

  private Map<String, TrustDomain> current(Set<String> names) {
    Map<String, TrustDomain> found = new TreeMap<>();
    for (String name : names) {
      TrustDomain td = client.resources(TrustDomain.class).withName(name).get();
      if (td != null) {
        found.put(name, td);
      }
    }
    return found;
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for bundle ConfigMaps", e);
    }
  }
}
