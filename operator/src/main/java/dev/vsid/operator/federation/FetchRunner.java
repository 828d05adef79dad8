package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.concurrent.DaemonThreads;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Runs bundle endpoint fetches on a small pool of threads of its own ({@code vsid-bundle-fetch-N}),
 * so that a slow foreign endpoint holds none of the reconcile threads all controllers share. At
 * most one fetch per FederatedTrustDomain is queued or running. When one ends, its outcome is kept
 * and {@code onDone} is told; a later reconcile takes the outcome, once, when it sees what the
 * fetch was started from ({@link Basis}). An outcome started from anything else is dropped.
 */
final class FetchRunner implements AutoCloseable {
  /** Fetches at once; others wait in the queue, which holds at most one per resource. */
  static final int THREADS = 4;

  /** A fetch: the bundle it loaded, or why it failed. */
  @FunctionalInterface
  interface Fetch {
    FederatedTrustDomainReconciler.Loaded run() throws BundleFetchException;
  }

  /**
   * What a fetch was started from: the resource (a FederatedTrustDomain deleted and created again
   * is another), the spec's generation and the bundle in use, from which the fetch took the bundle
   * that authenticates the server and the last sequence.
   */
  record Basis(String uid, Long generation, String bundle, Long sequence) {
    static Basis of(FederatedTrustDomain ftd) {
      FederatedTrustDomainStatus status = ftd.getStatus();
      return new Basis(
          ftd.getMetadata().getUid(),
          ftd.getMetadata().getGeneration(),
          status == null ? null : status.getBundle(),
          status == null ? null : status.getSequence());
    }
  }

  /** How a fetch ended: {@link #get} returns what it loaded or throws what it threw. */
  record Outcome(FederatedTrustDomainReconciler.Loaded loaded, Exception failure) {
    private static final Outcome ABRUPT =
        new Outcome(null, new IllegalStateException("the bundle fetch ended abruptly"));

    static Outcome of(Fetch fetch) {
      try {
        return new Outcome(fetch.run(), null);
      } catch (BundleFetchException | RuntimeException e) {
        return new Outcome(null, e);
      }
    }

    FederatedTrustDomainReconciler.Loaded get() throws BundleFetchException {
      if (failure instanceof BundleFetchException e) {
        throw e;
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      return loaded;
    }
  }

  private final Map<ResourceID, Slot> slots = new ConcurrentHashMap<>();
  private final ExecutorService pool;
  private final Consumer<ResourceID> onDone;

  FetchRunner(int threads, Consumer<ResourceID> onDone) {
    this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.numbered("vsid-bundle-fetch-"));
    this.onDone = onDone;
  }

  /**
   * The outcome of the fetch for {@code id} when it has ended and was started from {@code basis};
   * it is handed out once. A fetch started from another basis is stopped and forgotten.
   */
  Optional<Outcome> take(ResourceID id, Basis basis) {
    Slot slot = slots.get(id);
    if (slot == null) {
      return Optional.empty();
    }
    if (!slot.basis.equals(basis)) {
      forget(id);
      return Optional.empty();
    }
    Optional<Outcome> outcome = slot.outcome();
    outcome.ifPresent(o -> slots.remove(id, slot));
    return outcome;
  }

  /** True while a fetch for {@code id} is queued or running, or its outcome waits to be taken. */
  boolean holds(ResourceID id) {
    return slots.containsKey(id);
  }

  /** Queues {@code fetch} for {@code id}, unless one is already there. */
  void start(ResourceID id, Basis basis, Fetch fetch) {
    Slot slot = new Slot(basis);
    if (slots.putIfAbsent(id, slot) != null) {
      return;
    }
    try {
      pool.execute(() -> run(id, slot, fetch));
    } catch (RejectedExecutionException e) {
      slots.remove(id, slot); // closing
    }
  }

  /**
   * Drops what there is for {@code id}: a queued fetch never runs, a running one is interrupted.
   */
  void forget(ResourceID id) {
    Slot slot = slots.remove(id);
    if (slot != null) {
      slot.abandon();
    }
  }

  /** Forgets the fetches whose resource is gone, given its id and uid. */
  void forgetIf(BiPredicate<ResourceID, String> gone) {
    slots.forEach(
        (id, slot) -> {
          if (gone.test(id, slot.basis.uid()) && slots.remove(id, slot)) {
            slot.abandon();
          }
        });
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(ResourceID id, Slot slot, Fetch fetch) {
    if (!slot.begin()) {
      return;
    }
    Outcome outcome = Outcome.ABRUPT;
    try {
      outcome = Outcome.of(fetch);
    } finally {
      slot.end(outcome);
      onDone.accept(id);
    }
  }

  /** One fetch: queued, running on a thread, or ended with an outcome. */
  private static final class Slot {
    private final Basis basis;
    private Thread runner;
    private Outcome outcome;
    private boolean abandoned;

    Slot(Basis basis) {
      this.basis = basis;
    }

    synchronized boolean begin() {
      runner = abandoned ? null : Thread.currentThread();
      return !abandoned;
    }

    /** Records the outcome; an interrupt meant for this fetch does not outlive it. */
    synchronized void end(Outcome ended) {
      outcome = ended;
      runner = null;
      Thread.interrupted();
    }

    synchronized Optional<Outcome> outcome() {
      return Optional.ofNullable(outcome);
    }

    synchronized void abandon() {
      abandoned = true;
      if (runner != null) {
        runner.interrupt();
      }
    }
  }
}
