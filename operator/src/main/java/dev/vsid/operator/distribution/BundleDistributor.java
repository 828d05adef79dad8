package dev.vsid.operator.distribution;

import dev.vsid.operator.api.v1alpha1.NamespaceFailure;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.concurrent.DaemonThreads;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a trust domain's bundle ConfigMap exact in every namespace its selector picks: creates it
 * where it is missing, repairs it where it differs, removes it where it no longer belongs. Only
 * ConfigMaps that differ are written, and each at most once per pass. Writes run concurrently on a
 * bounded pool; a namespace that fails is reported and retried with a growing delay, and does not
 * hold up the others.
 */
public final class BundleDistributor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleDistributor.class);
  private static final String BY_TRUST_DOMAIN = "byTrustDomain";
  static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
  private static final int LOGGED_FAILURES = 5;

  private final KubernetesClient client;
  private final Clock clock;
  private final Set<String> servedNamespaces;
  private final ExecutorService writers;
  private final VsidMetrics metrics;
  private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
  private final Map<ResourceID, String> deletedUids = new ConcurrentHashMap<>();
  private InformerEventSource<Namespace, TrustDomain> namespaces;
  private InformerEventSource<ConfigMap, TrustDomain> configMaps;

  /** A failure and when the write may be tried again. */
  private record Backoff(NamespaceFailure failure, int attempts, Instant nextAttempt) {}

  /** What one write did. */
  private record Outcome(String namespace, Write kind, NamespaceFailure failure) {}

  private enum Write {
    CREATE,
    UPDATE,
    DELETE
  }

  /**
   * The state of one trust domain's bundle after a pass.
   *
   * @param selected namespaces the selector picks
   * @param inSync selected namespaces whose ConfigMap now holds the bundle
   * @param failures selected namespaces that are not in sync, by name, with why
   * @param created ConfigMaps created in this pass
   * @param updated ConfigMaps repaired or updated in this pass
   * @param removed ConfigMaps removed in this pass
   * @param retryIn when the earliest failed write may be tried again
   */
  public record Result(
      int selected,
      int inSync,
      List<NamespaceFailure> failures,
      int created,
      int updated,
      int removed,
      Optional<Duration> retryIn) {
    public int writes() {
      return created + updated + removed;
    }
  }

  /**
   * @param servedNamespaces namespaces the operator serves; empty means all
   * @param concurrency the most ConfigMap writes in flight at once, across all trust domains
   */
  public BundleDistributor(
      KubernetesClient client,
      Clock clock,
      Set<String> servedNamespaces,
      int concurrency,
      VsidMetrics metrics) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("bundle write concurrency must be at least 1");
    }
    this.client = client;
    this.clock = clock;
    this.metrics = metrics;
    this.servedNamespaces = Set.copyOf(servedNamespaces);
    this.writers =
        Executors.newFixedThreadPool(concurrency, DaemonThreads.numbered("bundle-writer-"));
  }

  /**
   * The informers the distribution reads: all namespaces (any change may change what a selector
   * picks, so it concerns every TrustDomain) and only the ConfigMaps the operator manages.
   */
  public List<EventSource<?, TrustDomain>> eventSources(EventSourceContext<TrustDomain> context) {
    IndexerResourceCache<TrustDomain> primaries = context.getPrimaryCache();
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, TrustDomain.class)
                .withName("namespaces")
                .withSecondaryToPrimaryMapper(
                    ns ->
                        primaries
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toUnmodifiableSet()))
                .build(),
            context);
    var configMapConfig =
        InformerEventSourceConfiguration.from(ConfigMap.class, TrustDomain.class)
            .withName("bundle-configmaps")
            .withLabelSelector(Labels.BUNDLE_SELECTOR)
            .withFollowControllerNamespacesChanges(false)
            .withSecondaryToPrimaryMapper(
                cm -> {
                  String ref = BundleConfigMaps.trustDomainRef(cm);
                  return ref.isEmpty() ? Set.of() : Set.of(new ResourceID(ref));
                });
    if (servedNamespaces.isEmpty()) {
      configMapConfig.withWatchAllNamespaces();
    } else {
      configMapConfig.withNamespaces(servedNamespaces);
    }
    configMaps = new InformerEventSource<>(configMapConfig.build(), context);
    configMaps.addIndexers(
        Map.of(BY_TRUST_DOMAIN, cm -> List.of(BundleConfigMaps.trustDomainRef(cm))));
    return List.of(namespaces, configMaps);
  }

  /** The bundle ConfigMaps of {@code td} the cache shows, without those this process removed. */
  public List<ConfigMap> published(TrustDomain td) {
    List<ConfigMap> result = new ArrayList<>();
    for (ConfigMap cm : configMaps.byIndex(BY_TRUST_DOMAIN, td.getMetadata().getName())) {
      ResourceID id = ResourceID.fromResource(cm);
      String deletedUid = deletedUids.get(id);
      if (deletedUid != null && deletedUid.equals(cm.getMetadata().getUid())) {
        continue;
      }
      result.add(cm);
    }
    return result;
  }

  /** Brings every selected namespace's ConfigMap to {@code content}, and removes the others. */
  public Result distribute(TrustDomain td, BundleSettings settings, BundleContent content) {
    forgetSettledDeletes();
    String tdName = td.getMetadata().getName();
    Instant now = clock.instant();
    Map<String, ConfigMap> unclaimed = new HashMap<>();
    for (ConfigMap cm : published(td)) {
      unclaimed.put(key(cm.getMetadata().getNamespace(), cm.getMetadata().getName()), cm);
    }
    int selected = 0;
    int inSync = 0;
    List<NamespaceFailure> failures = new ArrayList<>();
    List<Callable<Outcome>> writes = new ArrayList<>();
    Set<String> concerned = new HashSet<>();
    for (Namespace ns : namespaces.list().toList()) {
      String namespace = ns.getMetadata().getName();
      if (!served(namespace) || !settings.namespaces().matches(ns.getMetadata().getLabels())) {
        continue;
      }
      selected++;
      concerned.add(namespace);
      String name = settings.configMapName();
      ConfigMap existing = unclaimed.remove(key(namespace, name));
      if (existing != null && BundleConfigMaps.inSync(existing, td, content)) {
        inSync++;
        backoffs.remove(backoffKey(tdName, namespace));
        continue;
      }
      if (isTerminating(ns)) {
        backoffs.remove(backoffKey(tdName, namespace));
        failures.add(terminating(namespace));
        continue;
      }
      Backoff backoff = backoffs.get(backoffKey(tdName, namespace));
      if (backoff != null && now.isBefore(backoff.nextAttempt())) {
        failures.add(backoff.failure());
        continue;
      }
      Optional<String> owner = otherOwner(namespace, name, tdName);
      if (owner.isPresent()) {
        failures.add(recordFailure(tdName, namespace, conflict(namespace, name, owner.get(), td)));
        continue;
      }
      writes.add(
          existing == null
              ? () -> create(td, namespace, name, content)
              : () -> update(existing, td, content));
    }
    for (ConfigMap stale : unclaimed.values()) {
      concerned.add(stale.getMetadata().getNamespace());
      writes.add(() -> delete(stale));
    }
    forgetNamespacesOtherThan(tdName, concerned);
    List<Outcome> outcomes = runAll(writes);
    int created = 0;
    int updated = 0;
    int removed = 0;
    List<NamespaceFailure> fresh = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      if (outcome.failure() != null) {
        if (outcome.kind() != Write.DELETE) {
          failures.add(outcome.failure());
        }
        fresh.add(outcome.failure());
        continue;
      }
      switch (outcome.kind()) {
        case CREATE -> created++;
        case UPDATE -> updated++;
        case DELETE -> removed++;
      }
      if (outcome.kind() != Write.DELETE) {
        inSync++;
      } else {
        backoffs.remove(backoffKey(tdName, outcome.namespace()) + "/delete");
      }
    }
    failures.sort(Comparator.comparing(NamespaceFailure::getNamespace));
    Result result =
        new Result(selected, inSync, failures, created, updated, removed, retryIn(tdName, now));
    report(content, td, result, fresh);
    metrics.bundlePass(
        tdName,
        content.own().trustDomain().name(),
        content.sequence(),
        selected,
        inSync,
        failures.size());
    return result;
  }

  /** Removes every bundle ConfigMap of {@code td}; failures are returned as in a pass. */
  public Result removeAll(TrustDomain td) {
    forgetSettledDeletes();
    List<Callable<Outcome>> deletes = new ArrayList<>();
    for (ConfigMap cm : published(td)) {
      deletes.add(() -> delete(cm));
    }
    List<NamespaceFailure> failures = new ArrayList<>();
    int removed = 0;
    for (Outcome outcome : runAll(deletes)) {
      if (outcome.failure() == null) {
        removed++;
      } else {
        failures.add(outcome.failure());
      }
    }
    failures.sort(Comparator.comparing(NamespaceFailure::getNamespace));
    if (failures.isEmpty()) {
      String prefix = td.getMetadata().getName() + "/";
      backoffs.keySet().removeIf(k -> k.startsWith(prefix));
    }
    Optional<Duration> retry =
        failures.isEmpty()
            ? Optional.empty()
            : retryIn(td.getMetadata().getName(), clock.instant());
    if (removed > 0) {
      log.info(
          "Removed {} bundle ConfigMaps of TrustDomain {}", removed, td.getMetadata().getName());
    }
    return new Result(0, 0, failures, 0, 0, removed, retry);
  }

  private Outcome create(TrustDomain td, String namespace, String name, BundleContent content) {
    ConfigMap desired = BundleConfigMaps.desired(td, namespace, name, content);
    try {
      ConfigMap created = client.configMaps().inNamespace(namespace).resource(desired).create();
      configMaps.handleRecentResourceCreate(ResourceID.fromResource(created), created);
      return success(td, namespace, Write.CREATE);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        return failure(td, namespace, Write.CREATE, e);
      }
    } catch (RuntimeException e) {
      return failure(td, namespace, Write.CREATE, e);
    }
    return adopt(td, namespace, name, content);
  }

  /**
   * A ConfigMap of that name exists but the cache does not show it as this trust domain's: it lost
   * the operator's labels (it is then taken back if it still names this TrustDomain), or it is
   * someone else's (it is then left alone and reported).
   */
  private Outcome adopt(TrustDomain td, String namespace, String name, BundleContent content) {
    ConfigMap current;
    try {
      current = client.configMaps().inNamespace(namespace).withName(name).get();
    } catch (RuntimeException e) {
      return failure(td, namespace, Write.CREATE, e);
    }
    if (current == null) {
      return new Outcome(
          namespace,
          Write.CREATE,
          recordFailure(
              td.getMetadata().getName(),
              namespace,
              new NamespaceFailure(
                  namespace,
                  Reasons.WRITE_FAILED,
                  "ConfigMap " + name + " appeared and went away while being written; retrying")));
    }
    if (!isOurs(current, td)) {
      return new Outcome(
          namespace,
          Write.CREATE,
          recordFailure(
              td.getMetadata().getName(),
              namespace,
              conflict(namespace, name, BundleConfigMaps.trustDomainRef(current), td)));
    }
    return update(current, td, content);
  }

  private static boolean isOurs(ConfigMap cm, TrustDomain td) {
    if (BundleConfigMaps.belongsTo(cm, td)) {
      return true;
    }
    return BundleConfigMaps.trustDomainRef(cm).isEmpty()
        && cm.getMetadata().getOwnerReferences() != null
        && cm.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> td.getMetadata().getUid().equals(ref.getUid()));
  }

  private Outcome update(ConfigMap existing, TrustDomain td, BundleContent content) {
    String namespace = existing.getMetadata().getNamespace();
    if (Boolean.TRUE.equals(existing.getImmutable())) {
      return replace(existing, td, content);
    }
    try {
      ConfigMap updated =
          client
              .configMaps()
              .inNamespace(namespace)
              .resource(BundleConfigMaps.repaired(existing, td, content))
              .update();
      configMaps.handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, existing);
      return success(td, namespace, Write.UPDATE);
    } catch (RuntimeException e) {
      return failure(td, namespace, Write.UPDATE, e);
    }
  }

  /** A ConfigMap marked immutable (by hand) cannot be updated: it is deleted and created again. */
  private Outcome replace(ConfigMap existing, TrustDomain td, BundleContent content) {
    String namespace = existing.getMetadata().getNamespace();
    String name = existing.getMetadata().getName();
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(name)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
      deletedUids.put(ResourceID.fromResource(existing), existing.getMetadata().getUid());
    } catch (RuntimeException e) {
      return failure(td, namespace, Write.UPDATE, e);
    }
    log.info("Bundle ConfigMap {}/{} was made immutable; replaced it", namespace, name);
    return create(td, namespace, name, content);
  }

  private Outcome delete(ConfigMap stale) {
    String namespace = stale.getMetadata().getNamespace();
    String tdName = BundleConfigMaps.trustDomainRef(stale);
    String key = backoffKey(tdName, namespace) + "/delete";
    Backoff backoff = backoffs.get(key);
    if (backoff != null && clock.instant().isBefore(backoff.nextAttempt())) {
      return new Outcome(namespace, Write.DELETE, backoff.failure());
    }
    try {
      client.configMaps().inNamespace(namespace).withName(stale.getMetadata().getName()).delete();
      deletedUids.put(ResourceID.fromResource(stale), stale.getMetadata().getUid());
      return new Outcome(namespace, Write.DELETE, null);
    } catch (RuntimeException e) {
      NamespaceFailure failure = describe(namespace, "remove", e);
      return new Outcome(namespace, Write.DELETE, recordFailureAt(key, failure));
    }
  }

  private Outcome success(TrustDomain td, String namespace, Write kind) {
    backoffs.remove(backoffKey(td.getMetadata().getName(), namespace));
    return new Outcome(namespace, kind, null);
  }

  private Outcome failure(TrustDomain td, String namespace, Write kind, RuntimeException e) {
    NamespaceFailure failure = describe(namespace, "write", e);
    return new Outcome(
        namespace, kind, recordFailure(td.getMetadata().getName(), namespace, failure));
  }

  private static NamespaceFailure describe(String namespace, String verb, RuntimeException e) {
    if (e instanceof KubernetesClientException k) {
      String serverMessage =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : "";
      if (serverMessage.contains("being terminated")) {
        return terminating(namespace);
      }
      if (k.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return new NamespaceFailure(
            namespace,
            Reasons.FORBIDDEN,
            "the operator may not "
                + verb
                + " ConfigMaps in namespace "
                + namespace
                + " (HTTP 403); grant its service account that permission, or leave the"
                + " namespace out with spec.bundle.namespaceSelector");
      }
      if (k.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return new NamespaceFailure(
            namespace,
            Reasons.WRITE_FAILED,
            "namespace " + namespace + " was not found (HTTP 404); it may be being deleted");
      }
    }
    return new NamespaceFailure(
        namespace,
        Reasons.WRITE_FAILED,
        "could not " + verb + " the bundle ConfigMap: " + Text.cut(ErrorMessages.describe(e)));
  }

  private static NamespaceFailure terminating(String namespace) {
    return new NamespaceFailure(
        namespace,
        Reasons.NAMESPACE_TERMINATING,
        "namespace " + namespace + " is being deleted; no bundle is written there");
  }

  private static NamespaceFailure conflict(
      String namespace, String name, String owner, TrustDomain td) {
    String holder =
        owner == null || owner.isEmpty()
            ? "is not managed by the operator"
            : "belongs to TrustDomain " + Text.quote(owner);
    return new NamespaceFailure(
        namespace,
        Reasons.CONFIG_MAP_CONFLICT,
        "ConfigMap "
            + namespace
            + "/"
            + name
            + " already exists and "
            + holder
            + "; it was left alone. Set spec.bundle.configMapName of TrustDomain "
            + td.getMetadata().getName()
            + " to another name, or move that ConfigMap out of the way");
  }

  /** The TrustDomain of a managed ConfigMap at that place, when it is not {@code tdName}. */
  private Optional<String> otherOwner(String namespace, String name, String tdName) {
    return configMaps
        .get(new ResourceID(name, namespace))
        .map(BundleConfigMaps::trustDomainRef)
        .filter(ref -> !ref.equals(tdName));
  }

  private NamespaceFailure recordFailure(String tdName, String namespace, NamespaceFailure f) {
    return recordFailureAt(backoffKey(tdName, namespace), f);
  }

  private NamespaceFailure recordFailureAt(String key, NamespaceFailure failure) {
    Instant now = clock.instant();
    backoffs.compute(
        key,
        (k, previous) -> {
          int attempts = previous == null ? 1 : previous.attempts() + 1;
          return new Backoff(failure, attempts, now.plus(delay(attempts)));
        });
    return failure;
  }

  static Duration delay(int attempts) {
    Duration delay = FIRST_RETRY;
    for (int i = 1; i < attempts && delay.compareTo(LONGEST_RETRY) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(LONGEST_RETRY) < 0 ? delay : LONGEST_RETRY;
  }

  private Optional<Duration> retryIn(String tdName, Instant now) {
    String prefix = tdName + "/";
    return backoffs.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> Duration.between(now, e.getValue().nextAttempt()))
        .map(d -> d.isNegative() || d.isZero() ? Duration.ofMillis(100) : d)
        .min(Comparator.naturalOrder());
  }

  /**
   * Forgets the failures of namespaces that are no longer selected, no longer exist and hold no
   * ConfigMap of the trust domain left to remove: nothing is to be retried there, and a retry time
   * kept for them would have the trust domain reconciled again and again for nothing.
   */
  private void forgetNamespacesOtherThan(String tdName, Set<String> keep) {
    String prefix = tdName + "/";
    backoffs
        .keySet()
        .removeIf(
            k ->
                k.startsWith(prefix) && !keep.contains(k.substring(prefix.length()).split("/")[0]));
  }

  private List<Outcome> runAll(List<Callable<Outcome>> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Callable<Outcome> task : tasks) {
      futures.add(writers.submit(task));
    }
    List<Outcome> outcomes = new ArrayList<>(futures.size());
    for (Future<Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing bundle ConfigMaps", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a bundle write failed unexpectedly", e.getCause());
      }
    }
    return outcomes;
  }

  private void report(
      BundleContent content, TrustDomain td, Result result, List<NamespaceFailure> fresh) {
    if (result.writes() > 0) {
      log.info(
          "Bundle of {} (sequence {}): {} ConfigMaps created, {} updated, {} removed; {} of {}"
              + " selected namespaces in sync",
          content.own().trustDomain(),
          content.sequence(),
          result.created(),
          result.updated(),
          result.removed(),
          result.inSync(),
          result.selected());
    }
    if (!fresh.isEmpty()) {
      String shown =
          fresh.stream()
              .sorted(Comparator.comparing(NamespaceFailure::getNamespace))
              .limit(LOGGED_FAILURES)
              .map(f -> f.getNamespace() + " (" + f.getReason() + ": " + f.getMessage() + ")")
              .collect(Collectors.joining("; "));
      int more = fresh.size() - Math.min(fresh.size(), LOGGED_FAILURES);
      log.warn(
          "Could not write the bundle of TrustDomain {} in {}, will retry: {}{}",
          td.getMetadata().getName(),
          fresh.size() == 1 ? "1 namespace" : fresh.size() + " namespaces",
          shown,
          more > 0 ? "; and " + more + " more" : "");
    }
  }

  private void forgetSettledDeletes() {
    deletedUids
        .entrySet()
        .removeIf(
            e ->
                configMaps
                    .get(e.getKey())
                    .map(cm -> !e.getValue().equals(cm.getMetadata().getUid()))
                    .orElse(true));
  }

  private boolean served(String namespace) {
    return servedNamespaces.isEmpty() || servedNamespaces.contains(namespace);
  }

  private static boolean isTerminating(Namespace ns) {
    return ns.getMetadata().getDeletionTimestamp() != null
        || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()));
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static String backoffKey(String tdName, String namespace) {
    return tdName + "/" + namespace;
  }

  @Override
  public void close() {
    writers.shutdownNow();
  }
}
