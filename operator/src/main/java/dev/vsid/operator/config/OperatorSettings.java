package dev.vsid.operator.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of one operator process. Read from environment variables in a cluster; built directly by
 * tests and the embedded mode.
 *
 * @param namespace the operator's own namespace, where CA Secrets live
 * @param watchedNamespaces namespaces whose WorkloadIdentities are served; empty means all
 * @param serverSideApply patch primary resources with server-side apply (needs a real API server)
 * @param recheckInterval longest wait between two checks of an identity, whatever its renewal time;
 *     a safety net against lost timers and clock jumps
 * @param backdate how far before "now" an SVID's validity starts, for clock skew between hosts
 * @param minimumSvidTtl shortest SVID lifetime accepted
 * @param reconcileThreads concurrent reconciliations
 * @param bundleWriteConcurrency bundle ConfigMap writes in flight at once, across trust domains
 * @param reissuesPerSecond SVIDs of one trust domain reissued per second after its CA changed
 * @param leaderElection leader election among replicas; off in {@link #defaults(String)}, on by
 *     default in {@link #fromEnvironment(Map)}
 * @param webhook the pod binding webhook; off in {@link #defaults(String)}, on by default in {@link
 *     #fromEnvironment(Map)}
 * @param bundleEndpoints how the bundle endpoints TrustDomains ask for are served
 * @param metrics the metrics and probe server of every replica; off in {@link #defaults(String)},
 *     on by default in {@link #fromEnvironment(Map)}
 */
public record OperatorSettings(
    String namespace,
    Set<String> watchedNamespaces,
    boolean serverSideApply,
    Duration recheckInterval,
    Duration backdate,
    Duration minimumSvidTtl,
    int reconcileThreads,
    int bundleWriteConcurrency,
    int reissuesPerSecond,
    LeaderElectionSettings leaderElection,
    WebhookSettings webhook,
    BundleEndpointSettings bundleEndpoints,
    MetricsSettings metrics) {

  public static final String DEFAULT_NAMESPACE = "vsid-system";
  private static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  /**
   * Defaults suitable for one replica in a real cluster, in the given namespace; leader election is
   * off (tests and the embedded mode run the operator this way).
   */
  public static OperatorSettings defaults(String namespace) {
    return new OperatorSettings(
        namespace,
        Set.of(),
        true,
        Duration.ofHours(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        10,
        8,
        20,
        LeaderElectionSettings.disabled(namespace),
        WebhookSettings.disabled(),
        BundleEndpointSettings.defaults(),
        MetricsSettings.disabled());
  }

  /** Reads {@code VSID_*} environment variables over the defaults. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    OperatorSettings d = defaults(env.getOrDefault("VSID_NAMESPACE", podNamespace()));
    return new OperatorSettings(
        d.namespace(),
        parseSet(env.get("VSID_WATCH_NAMESPACES")),
        Boolean.parseBoolean(env.getOrDefault("VSID_SERVER_SIDE_APPLY", "true")),
        durationOr(env.get("VSID_RECHECK_INTERVAL"), d.recheckInterval()),
        durationOr(env.get("VSID_BACKDATE"), d.backdate()),
        durationOr(env.get("VSID_MIN_SVID_TTL"), d.minimumSvidTtl()),
        positive(env, "VSID_RECONCILE_THREADS", d.reconcileThreads()),
        positive(env, "VSID_BUNDLE_CONCURRENCY", d.bundleWriteConcurrency()),
        positive(env, "VSID_REISSUE_RATE", d.reissuesPerSecond()),
        LeaderElectionSettings.fromEnvironment(env, d.namespace()),
        WebhookSettings.fromEnvironment(env),
        BundleEndpointSettings.fromEnvironment(env),
        MetricsSettings.fromEnvironment(env));
  }

  public OperatorSettings withWatchedNamespaces(Set<String> value) {
    return new OperatorSettings(
        namespace,
        Set.copyOf(value),
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withServerSideApply(boolean value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        value,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withRecheckInterval(Duration value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        value,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withMinimumSvidTtl(Duration value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        value,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withBundleWriteConcurrency(int value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        value,
        reissuesPerSecond,
        leaderElection,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withReissuesPerSecond(int value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        value,
        leaderElection,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withLeaderElection(LeaderElectionSettings value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        value,
        webhook,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withWebhook(WebhookSettings value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        value,
        bundleEndpoints,
        metrics);
  }

  public OperatorSettings withBundleEndpoints(BundleEndpointSettings value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        webhook,
        value,
        metrics);
  }

  public OperatorSettings withMetrics(MetricsSettings value) {
    return new OperatorSettings(
        namespace,
        watchedNamespaces,
        serverSideApply,
        recheckInterval,
        backdate,
        minimumSvidTtl,
        reconcileThreads,
        bundleWriteConcurrency,
        reissuesPerSecond,
        leaderElection,
        webhook,
        bundleEndpoints,
        value);
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number of at least 1");
  }

  private static String podNamespace() {
    try {
      return Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
    } catch (Exception e) {
      return DEFAULT_NAMESPACE;
    }
  }

  private static Set<String> parseSet(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Duration durationOr(String value, Duration fallback) {
    return value == null || value.isBlank() ? fallback : Durations.parse(value);
  }
}
