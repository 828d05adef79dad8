package dev.vsid.operator.leadership;

import dev.vsid.operator.config.LeaderElectionSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Reads the Lease to tell whether a replica holds it: one whose holder renewed it less than its
 * duration ago.
 */
public final class LeaseHolder {
  private final KubernetesClient client;
  private final LeaderElectionSettings settings;
  private final Clock clock;

  /**
   * @param clock the wall clock; the leader elector writes the Lease's times with its own
   */
  public LeaseHolder(KubernetesClient client, LeaderElectionSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /** The identity of the replica that holds the Lease now, if one does. */
  public Optional<String> current() {
    Lease lease =
        client.leases().inNamespace(settings.leaseNamespace()).withName(settings.leaseName()).get();
    return lease == null ? Optional.empty() : validHolder(lease, clock.instant());
  }

  static Optional<String> validHolder(Lease lease, Instant now) {
    var spec = lease.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isBlank()) {
      return Optional.empty();
    }
    ZonedDateTime renewed =
        spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
    Integer seconds = spec.getLeaseDurationSeconds();
    if (renewed == null || seconds == null) {
      return Optional.empty();
    }
    Instant until = renewed.toInstant().plus(Duration.ofSeconds(seconds));
    return now.isBefore(until) ? Optional.of(spec.getHolderIdentity()) : Optional.empty();
  }
}
