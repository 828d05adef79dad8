package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.BundleStatus;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** Waits on a TrustDomain's status, polling it ten times a second. */
final class BundleBenchmarkWaits {
  private static final long POLL_MILLIS = 100;

  private BundleBenchmarkWaits() {}

  /**
   * Waits until the status says BundlesInSync, with {@code selected} namespaces in sync at a
   * sequence above {@code after}; returns that sequence.
   */
  static long inSync(KubernetesClient client, String name, int selected, long after)
      throws InterruptedException {
    long deadline = System.nanoTime() + BundleScaleBenchmark.TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      TrustDomain td = client.resources(TrustDomain.class).withName(name).get();
      if (bundlesInSync(td, selected, after)) {
        return td.getStatus().getBundle().getSequence();
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("TrustDomain " + name + " did not report its bundles in sync");
  }

  /** Waits until the status's observedGeneration is {@code generation}. */
  static void observed(KubernetesClient client, String name, long generation)
      throws InterruptedException {
    long deadline = System.nanoTime() + BundleScaleBenchmark.TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      TrustDomain td = client.resources(TrustDomain.class).withName(name).get();
      if (td.getStatus() != null
          && Objects.equals(td.getStatus().getObservedGeneration(), generation)) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("TrustDomain " + name + " generation was not reconciled");
  }

  private static boolean bundlesInSync(TrustDomain td, int selected, long after) {
    if (td == null || td.getStatus() == null || td.getStatus().getBundle() == null) {
      return false;
    }
    BundleStatus bundle = td.getStatus().getBundle();
    return Conditions.isTrue(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC)
        && bundle.getSequence() != null
        && bundle.getSequence() > after
        && Integer.valueOf(selected).equals(bundle.getNamespacesInSync());
  }
}
