package dev.vsid.operator.leadership;

import dev.vsid.operator.config.LeaderElectionSettings;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease, run by the Java Operator SDK: only the replica holding the Lease
 * processes events, so only it writes. A replica that loses the Lease while it runs ends the
 * process (when {@link LeaderElectionSettings#exitOnStopLeading()} is on), because the SDK would
 * otherwise let it go on reconciling beside the new leader.
 *
 * <p>The exit is made here, not by the SDK's own {@code exitOnStopLeading}: the SDK also exits when
 * the operator is stopped on purpose, and a {@code System.exit} from the shutdown hook that stops
 * the operator blocks forever. Here a stop that {@link #closing()} announced exits nothing.
 */
public final class Leadership {
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final LeaderElectionSettings settings;
  private final Runnable exit;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean leading = new AtomicBoolean();

  /**
   * @param exit what ends the process after the Lease is lost; called on a thread of the leader
   *     elector, which must not wait for the operator to stop
   */
  public Leadership(LeaderElectionSettings settings, Runnable exit) {
    this.settings = Objects.requireNonNull(settings);
    this.exit = Objects.requireNonNull(exit);
  }

  /** Leadership that ends the JVM with status 1 when the Lease is lost. */
  public static Leadership exitingTheProcess(LeaderElectionSettings settings) {
    return new Leadership(settings, Leadership::exitProcess);
  }

  /** The SDK's configuration, or empty when leader election is off. */
  public Optional<LeaderElectionConfiguration> configuration() {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
            .withLeaseNamespace(settings.leaseNamespace())
            .withIdentity(settings.identity())
            .withLeaseDuration(settings.leaseDuration())
            .withRenewDeadline(settings.renewDeadline())
            .withRetryPeriod(settings.retryPeriod())
            .withLeaderCallbacks(
                new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
            .withExitOnStopLeading(false)
            .build());
  }

  /** True while this replica holds the Lease, or always when leader election is off. */
  public boolean isLeading() {
    return !settings.enabled() || leading.get();
  }

  /** Announces a deliberate stop: losing the Lease from now on ends nothing. */
  public void closing() {
    closing.set(true);
  }

  void startedLeading() {
    leading.set(true);
    log.info(
        "Leading as {} (Lease {}/{}): reconciling",
        settings.identity(),
        settings.leaseNamespace(),
        settings.leaseName());
  }

  void stoppedLeading() {
    if (!leading.getAndSet(false) || closing.get()) {
      return;
    }
    if (settings.exitOnStopLeading()) {
      log.error("Lost the Lease as {}: exiting, so that only the new leader writes", id());
      exit.run();
    } else {
      log.warn("Lost the Lease as {}; still reconciling (exit on a lost Lease is off)", id());
    }
  }

  void newLeader(String identity) {
    if (identity != null && !identity.isBlank() && !identity.equals(settings.identity())) {
      log.info("Replica {} leads; {} stands by", Text.quote(identity), settings.identity());
    }
  }

  private String id() {
    return settings.identity();
  }

  /**
   * Exits on a thread of its own: the elector calls back while holding its lock, and the shutdown
   * hook that stops the operator needs that lock too.
   */
  private static void exitProcess() {
    Thread exiting = new Thread(() -> System.exit(1), "vsid-lost-lease-exit");
    exiting.setDaemon(false);
    exiting.start();
  }
}
