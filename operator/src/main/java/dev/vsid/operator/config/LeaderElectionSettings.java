package dev.vsid.operator.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Leader election among replicas of the operator, on a {@code coordination.k8s.io/v1} Lease. Only
 * the replica that holds the Lease reconciles and writes; the others keep their caches warm and
 * take over when the holder stops renewing it for {@code leaseDuration}.
 *
 * @param enabled run leader election; off means this process reconciles alone
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease
 * @param identity this replica's name in the Lease; must differ between replicas
 * @param leaseDuration how long a Lease that is not renewed blocks the other replicas (whole
 *     seconds: the Lease stores seconds)
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod time between two attempts to acquire or renew
 * @param exitOnStopLeading end the process when leadership is lost, so a deposed leader cannot go
 *     on writing; turned off only by tests that run several operators in one JVM
 */
public record LeaderElectionSettings(
    boolean enabled,
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean exitOnStopLeading) {

  public static final String DEFAULT_LEASE_NAME = "vsid-operator";

  /** As client-go: the renew deadline must exceed the retry period with its jitter. */
  private static final double JITTER_FACTOR = 1.2;

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public LeaderElectionSettings {
    requireName(leaseName, "lease name (VSID_LEASE_NAME)");
    requireName(leaseNamespace, "lease namespace (VSID_LEASE_NAMESPACE)");
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("the leader election identity must not be blank");
    }
    checkTimings(leaseDuration, renewDeadline, retryPeriod);
  }

  /** Off, with the defaults of a cluster ready for {@link #withEnabled(boolean)}. */
  public static LeaderElectionSettings disabled(String namespace) {
    return new LeaderElectionSettings(
        false,
        DEFAULT_LEASE_NAME,
        namespace,
        randomIdentity(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        true);
  }

  /**
   * Reads the {@code VSID_LEADER_ELECTION} and {@code VSID_LEASE_*} variables. Leader election is
   * on unless turned off; the Lease lives in {@code namespace}, the operator's own, by default; the
   * identity is {@code HOSTNAME} (the pod's name in a pod), else a random id.
   */
  public static LeaderElectionSettings fromEnvironment(Map<String, String> env, String namespace) {
    LeaderElectionSettings d = disabled(namespace);
    return new LeaderElectionSettings(
        parseBoolean(env, "VSID_LEADER_ELECTION", true),
        orDefault(env, "VSID_LEASE_NAME", d.leaseName()),
        orDefault(env, "VSID_LEASE_NAMESPACE", namespace),
        orDefault(env, "VSID_LEADER_IDENTITY", orDefault(env, "HOSTNAME", d.identity())),
        durationOr(env, "VSID_LEASE_DURATION", d.leaseDuration()),
        durationOr(env, "VSID_LEASE_RENEW_DEADLINE", d.renewDeadline()),
        durationOr(env, "VSID_LEASE_RETRY_PERIOD", d.retryPeriod()),
        true);
  }

  public LeaderElectionSettings withEnabled(boolean value) {
    return new LeaderElectionSettings(
        value,
        leaseName,
        leaseNamespace,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        exitOnStopLeading);
  }

  public LeaderElectionSettings withIdentity(String value) {
    return new LeaderElectionSettings(
        enabled,
        leaseName,
        leaseNamespace,
        value,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        exitOnStopLeading);
  }

  public LeaderElectionSettings withTimings(Duration lease, Duration renew, Duration retry) {
    return new LeaderElectionSettings(
        enabled, leaseName, leaseNamespace, identity, lease, renew, retry, exitOnStopLeading);
  }

  public LeaderElectionSettings withExitOnStopLeading(boolean value) {
    return new LeaderElectionSettings(
        enabled,
        leaseName,
        leaseNamespace,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        value);
  }

  private static void checkTimings(Duration lease, Duration renew, Duration retry) {
    if (lease == null || renew == null || retry == null) {
      throw new IllegalArgumentException(
          "the lease duration, renew deadline and retry period must all be set");
    }
    if (lease.getNano() != 0 || lease.getSeconds() < 1 || lease.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the lease duration (VSID_LEASE_DURATION) must be whole seconds, at least 1s");
    }
    if (renew.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "the renew deadline (VSID_LEASE_RENEW_DEADLINE) must be shorter than the lease duration");
    }
    if (retry.isNegative()
        || retry.isZero()
        || renew.toNanos() <= JITTER_FACTOR * retry.toNanos()) {
      throw new IllegalArgumentException(
          "the retry period (VSID_LEASE_RETRY_PERIOD) must be positive and the renew deadline"
              + " more than 1.2 times it");
    }
  }

  private static void requireName(String value, String what) {
    if (value == null || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "the " + what + " must be a lowercase DNS name (letters, digits, '-', '.')");
    }
  }

  private static boolean parseBoolean(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false");
    };
  }

  private static String orDefault(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static Duration durationOr(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static String randomIdentity() {
    return "vsid-operator-" + UUID.randomUUID();
  }
}
