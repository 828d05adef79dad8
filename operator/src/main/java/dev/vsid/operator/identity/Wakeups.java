package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Asks for another identity to be reconciled: an identity that finds it holds a SPIFFE ID wakes a
 * rival that may have been issued the same ID a moment before the holder was seen.
 */
final class Wakeups extends AbstractEventSource<WorkloadIdentity, WorkloadIdentity> {
  Wakeups() {
    super(WorkloadIdentity.class, "spiffe-id-rivals");
  }

  void wake(ResourceID identity) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(identity));
    }
  }

  @Override
  public Set<WorkloadIdentity> getSecondaryResources(WorkloadIdentity primary) {
    return Set.of();
  }
}
