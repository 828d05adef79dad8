package dev.vsid.operator.health;

import dev.vsid.operator.health.Lifecycle.Phase;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The answers of {@code /healthz} and {@code /readyz}.
 *
 * <p>Liveness: the controllers are starting or running (not failed to start, not stopped) and no
 * informer stopped for good. A replica that does not lead is alive.
 *
 * <p>Readiness: the controllers run, every informer has synced, a leader is known (this replica, or
 * the holder of a Lease that is still valid), and, on the leader, the CA of every TrustDomain is
 * loaded (a TrustDomain refused for its spec has none to load and does not count).
 */
public final class Probes {
  private static final int SHOWN = 3;

  /** What the probes know of leader election. */
  public interface Leader {
    /** True while this replica reconciles: it holds the Lease, or leader election is off. */
    boolean leading();

    /** The replica holding a valid Lease, read from the API server. */
    Optional<String> holder();
  }

  /** What the probes know of the TrustDomains. */
  public interface TrustDomainCas {
    /** Names of the TrustDomains in the cache that are not being deleted. */
    List<String> trustDomains();

    /** Why the CA of one is not loaded, when that is a failure (see the class comment). */
    Optional<String> problem(String trustDomain);
  }

  private final Lifecycle lifecycle;
  private final Supplier<List<InformerState>> informers;
  private final Leader leader;
  private final TrustDomainCas cas;

  public Probes(
      Lifecycle lifecycle,
      Supplier<List<InformerState>> informers,
      Leader leader,
      TrustDomainCas cas) {
    this.lifecycle = lifecycle;
    this.informers = informers;
    this.leader = leader;
    this.cas = cas;
  }

  public ProbeResult liveness() {
    return new ProbeResult(List.of(controllersAlive(), informersRunning()));
  }

  public ProbeResult readiness() {
    Check controllers = controllersRunning();
    if (!controllers.passed()) {
      return new ProbeResult(List.of(controllers, informersSynced()));
    }
    return new ProbeResult(List.of(controllers, informersSynced(), leaderKnown(), casLoaded()));
  }

  private Check controllersAlive() {
    Phase phase = lifecycle.phase();
    return switch (phase) {
      case CREATED, STARTING, RUNNING -> Check.ok("controllers");
      case FAILED_TO_START -> Check.failing("controllers", "they failed to start");
      case STOPPED -> Check.failing("controllers", "stopped");
    };
  }

  private Check informersRunning() {
    Optional<String> stopped = lifecycle.stoppedInformer();
    if (stopped.isPresent()) {
      return Check.failing("informers", "the informer of " + stopped.get() + " stopped");
    }
    if (lifecycle.phase() != Phase.RUNNING) {
      return Check.ok("informers");
    }
    List<String> halted = names(informers.get().stream().filter(i -> !i.running()).toList());
    return halted.isEmpty()
        ? Check.ok("informers")
        : Check.failing("informers", "not running: " + shortList(halted));
  }

  private Check controllersRunning() {
    Phase phase = lifecycle.phase();
    return phase == Phase.RUNNING
        ? Check.ok("controllers")
        : Check.failing(
            "controllers", phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  /**
   * Informer states are read only while the controllers run: the SDK holds a lock while it starts
   * or stops them, and a probe must not wait for that.
   */
  private Check informersSynced() {
    if (lifecycle.phase() != Phase.RUNNING) {
      return Check.failing("informers", "not started");
    }
    List<InformerState> all = informers.get();
    List<String> pending = names(all.stream().filter(i -> !i.synced()).toList());
    return pending.isEmpty()
        ? Check.ok("informers")
        : Check.failing("informers", "not synced: " + shortList(pending));
  }

  private Check leaderKnown() {
    if (leader.leading()) {
      return Check.ok("leader");
    }
    try {
      return leader.holder().isPresent()
          ? Check.ok("leader")
          : Check.failing("leader", "no replica holds a valid Lease");
    } catch (RuntimeException e) {
      return Check.failing("leader", "the Lease could not be read");
    }
  }

  private Check casLoaded() {
    if (!leader.leading()) {
      return Check.ok("trust domain CAs");
    }
    List<String> problems =
        cas.trustDomains().stream()
            .sorted()
            .flatMap(td -> cas.problem(td).map(p -> "TrustDomain " + td + " (" + p + ")").stream())
            .toList();
    return problems.isEmpty()
        ? Check.ok("trust domain CAs")
        : Check.failing("trust domain CAs", shortList(problems));
  }

  private static List<String> names(List<InformerState> informers) {
    return informers.stream().map(InformerState::name).sorted().toList();
  }

  private static String shortList(List<String> items) {
    String shown = items.stream().limit(SHOWN).collect(Collectors.joining(", "));
    return items.size() > SHOWN ? shown + " and " + (items.size() - SHOWN) + " more" : shown;
  }
}
