package dev.vsid.operator.health;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the operator's controllers are in their life, and which informer stopped for good, if one
 * did. The operator sets it; the probes read it.
 */
public final class Lifecycle {
  /** The phases of the controllers, in order. */
  public enum Phase {
    CREATED,
    STARTING,
    RUNNING,
    FAILED_TO_START,
    STOPPED
  }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.CREATED);
  private final AtomicReference<String> stoppedInformer = new AtomicReference<>();

  public void moveTo(Phase next) {
    phase.set(next);
  }

  public Phase phase() {
    return phase.get();
  }

  /** An informer stopped and will not restart: {@code what} names its resource kind. */
  public void informerStopped(String what) {
    stoppedInformer.compareAndSet(null, what);
  }

  /** The kind of the first informer that stopped for good, if one did. */
  public Optional<String> stoppedInformer() {
    return Optional.ofNullable(stoppedInformer.get());
  }
}
