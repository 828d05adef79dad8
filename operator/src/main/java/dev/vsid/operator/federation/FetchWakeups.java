package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Asks for a FederatedTrustDomain to be reconciled when its bundle fetch has completed, so that the
 * reconcile records the outcome. A FederatedTrustDomain deleted meanwhile is not in the cache, and
 * its wake-up is ignored.
 */
final class FetchWakeups extends AbstractEventSource<FederatedTrustDomain, FederatedTrustDomain> {
  FetchWakeups() {
    super(FederatedTrustDomain.class, "bundle-fetches");
  }

  void wake(ResourceID ftd) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(ftd));
    }
  }

  @Override
  public Set<FederatedTrustDomain> getSecondaryResources(FederatedTrustDomain primary) {
    return Set.of();
  }
}
