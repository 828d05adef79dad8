package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.BundleStatus;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainStatus;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.distribution.BundleContent;
import dev.vsid.operator.distribution.BundleDistributor;
import dev.vsid.operator.distribution.BundleSequence;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.status.StatusWriter;
import dev.vsid.operator.status.Statuses;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each TrustDomain's CA in place (finds its CA Secret or creates one, checks it, reports it
 * in the status) and publishes the trust domain's bundle to the namespaces it selects. A deleted
 * TrustDomain's bundle ConfigMaps are removed before the TrustDomain goes.
 */
@ControllerConfiguration(name = TrustDomainReconciler.NAME)
public class TrustDomainReconciler implements Reconciler<TrustDomain>, Cleaner<TrustDomain> {
  public static final String NAME = "trustdomain";
  private static final Duration RECHECK = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(TrustDomainReconciler.class);
  private static final int SHOWN_FAILURES = 20;

  private final CaStore caStore;
  private final EventRecorder events;
  private final Clock clock;
  private final StatusWriter statusWriter;
  private final BundleDistributor distributor;
  private InformerEventSource<Secret, TrustDomain> caSecrets;

  public TrustDomainReconciler(
      CaStore caStore,
      BundleDistributor distributor,
      EventRecorder events,
      StatusWriter statusWriter,
      Clock clock) {
    this.caStore = caStore;
    this.distributor = distributor;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TrustDomain>> prepareEventSources(
      EventSourceContext<TrustDomain> context) {
    var config =
        InformerEventSourceConfiguration.from(Secret.class, TrustDomain.class)
            .withName("ca-secrets")
            .withNamespaces(Set.of(caStore.namespace()))
            .withFollowControllerNamespacesChanges(false)
            .withLabelSelector(Labels.CA_SELECTOR)
            .withSecondaryToPrimaryMapper(TrustDomainReconciler::owningTrustDomain)
            .build();
    caSecrets = new InformerEventSource<>(config, context);
    List<EventSource<?, TrustDomain>> sources = new ArrayList<>();
    sources.add(caSecrets);
    sources.addAll(distributor.eventSources(context));
    return sources;
  }

  static Set<ResourceID> owningTrustDomain(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(Labels.TRUST_DOMAIN_REF);
    return owner == null ? Set.of() : Set.of(new ResourceID(owner));
  }

  @Override
  public UpdateControl<TrustDomain> reconcile(TrustDomain td, Context<TrustDomain> context) {
    TrustDomainStatus next = new TrustDomainStatus();
    next.setObservedGeneration(td.getMetadata().getGeneration());
    next.setBundle(td.getStatus() == null ? null : td.getStatus().getBundle());
    Condition ready;
    CertificateAuthority ca = null;
    try {
      TrustDomainSettings settings = TrustDomainSettings.of(td);
      requireFirstOfItsName(td, settings, context);
      ca = ensureCa(td, settings);
      next.setCa(CaStatuses.of(ca, CaSecrets.nameFor(td.getMetadata().getName())));
      settings.requireValidDefaults();
      ready = readyCondition(td, ca);
    } catch (BadInputException e) {
      ready = Conditions.ready(false, e.reason(), e.getMessage(), td.getMetadata().getGeneration());
    }
    List<Condition> conditions = new ArrayList<>(List.of(ready));
    Optional<Duration> retryBundles = Optional.empty();
    if (ca != null) {
      Published published = publishBundle(td, ca, next);
      conditions.add(published.condition());
      retryBundles = published.retryIn();
    }
    writeStatus(td, next, conditions, context);
    Duration recheck = null;
    if (next.getCa() != null) {
      recheck = untilExpiry(next);
    } else if (Reasons.DUPLICATE_TRUST_DOMAIN.equals(ready.getReason())) {
      recheck = RECHECK;
    }
    Optional<Duration> after = Optional.ofNullable(recheck);
    if (retryBundles.isPresent()) {
      after = Optional.of(recheck == null ? retryBundles.get() : min(retryBundles.get(), recheck));
    }
    return after.isPresent()
        ? UpdateControl.<TrustDomain>noUpdate().rescheduleAfter(after.get())
        : UpdateControl.noUpdate();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The outcome of publishing the bundle: its condition, and when to retry failed namespaces. */
  private record Published(Condition condition, Optional<Duration> retryIn) {}

  /** Publishes the trust domain's bundle in every selected namespace. */
  private Published publishBundle(TrustDomain td, CertificateAuthority ca, TrustDomainStatus next) {
    Long generation = td.getMetadata().getGeneration();
    BundleSettings bundleSettings;
    try {
      bundleSettings = BundleSettings.of(td);
    } catch (BadInputException e) {
      Condition invalid =
          Conditions.of(
              Condition.BUNDLES_IN_SYNC,
              false,
              e.reason(),
              e.getMessage() + "; the bundle ConfigMaps already published are left as they are",
              generation);
      return new Published(invalid, Optional.empty());
    }
    TrustBundle own =
        TrustBundle.of(ca.trustDomain(), ca.roots()).withRefreshHint(bundleSettings.refreshHint());
    String digest = BundleContent.digest(own);
    BundleStatus previous = td.getStatus() == null ? null : td.getStatus().getBundle();
    long sequence = BundleSequence.choose(previous, digest, distributor.published(td));
    BundleContent content = BundleContent.of(own.withSequence(sequence), Map.of());
    BundleStatus bundle = copy(previous);
    bundle.setConfigMapName(bundleSettings.configMapName());
    bundle.setSequence(sequence);
    bundle.setDigest(digest);
    bundle.setRoots(own.authorities().size());
    boolean newSequence = previous == null || !Objects.equals(previous.getSequence(), sequence);
    BundleDistributor.Result result = distributor.distribute(td, bundleSettings, content);
    bundle.setNamespacesSelected(result.selected());
    bundle.setNamespacesInSync(result.inSync());
    bundle.setNamespacesFailed(result.failures().size());
    bundle.setFailures(new ArrayList<>(result.failures().stream().limit(SHOWN_FAILURES).toList()));
    next.setBundle(bundle);
    if (newSequence) {
      events.normal(
          td,
          Reasons.BUNDLE_PUBLISHED,
          "Publishing bundle sequence "
              + sequence
              + " ("
              + own.authorities().size()
              + (own.authorities().size() == 1 ? " root" : " roots")
              + ") in ConfigMap "
              + bundleSettings.configMapName()
              + "; "
              + result.inSync()
              + " of "
              + result.selected()
              + " selected namespaces in sync");
    }
    return new Published(
        bundlesCondition(bundleSettings, sequence, result, generation), result.retryIn());
  }

  private static Condition bundlesCondition(
      BundleSettings settings, long sequence, BundleDistributor.Result result, Long generation) {
    if (result.failures().isEmpty()) {
      String where =
          result.selected() == 0
              ? "no namespace is selected by spec.bundle.namespaceSelector"
              : "ConfigMap "
                  + settings.configMapName()
                  + " holds bundle sequence "
                  + sequence
                  + " in all "
                  + result.selected()
                  + " selected namespaces";
      return Conditions.of(
          Condition.BUNDLES_IN_SYNC, true, Reasons.BUNDLES_IN_SYNC, where, generation);
    }
    String failed =
        result.failures().stream()
            .limit(3)
            .map(f -> f.getNamespace() + " (" + f.getReason() + ")")
            .collect(Collectors.joining(", "));
    int more = result.failures().size() - Math.min(3, result.failures().size());
    String message =
        result.failures().size()
            + " of "
            + result.selected()
            + " selected namespaces do not have bundle sequence "
            + sequence
            + ": "
            + failed
            + (more > 0 ? " and " + more + " more" : "")
            + "; see status.bundle.failures for what to change. Failed writes are retried.";
    return Conditions.of(
        Condition.BUNDLES_IN_SYNC, false, Reasons.BUNDLES_OUT_OF_SYNC, message, generation);
  }

  private static BundleStatus copy(BundleStatus from) {
    BundleStatus to = new BundleStatus();
    if (from != null) {
      to.setConfigMapName(from.getConfigMapName());
      to.setSequence(from.getSequence());
      to.setDigest(from.getDigest());
      to.setRoots(from.getRoots());
      to.setNamespacesSelected(from.getNamespacesSelected());
      to.setNamespacesInSync(from.getNamespacesInSync());
      to.setNamespacesFailed(from.getNamespacesFailed());
      to.setFailures(new ArrayList<>(from.getFailures() == null ? List.of() : from.getFailures()));
    }
    return to;
  }

  @Override
  public DeleteControl cleanup(TrustDomain td, Context<TrustDomain> context) {
    BundleDistributor.Result result = distributor.removeAll(td);
    if (result.failures().isEmpty()) {
      if (result.removed() > 0) {
        events.normal(
            td,
            Reasons.BUNDLES_REMOVED,
            "Removed the bundle ConfigMap from " + result.removed() + " namespaces");
      }
      return DeleteControl.defaultDelete();
    }
    String failed =
        result.failures().stream()
            .limit(3)
            .map(f -> f.getNamespace() + " (" + f.getMessage() + ")")
            .collect(Collectors.joining("; "));
    String message =
        "Could not remove the bundle ConfigMap in "
            + result.failures().size()
            + " namespaces, will retry; the TrustDomain is deleted once they are gone: "
            + failed;
    log.warn("TrustDomain {}: {}", td.getMetadata().getName(), message);
    events.warning(td, Reasons.BUNDLES_OUT_OF_SYNC, message);
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(result.retryIn().orElse(Duration.ofSeconds(10)));
  }

  /**
   * One trust domain has one CA. When several TrustDomain resources name the same trust domain, the
   * oldest one serves it and the others are refused (they are looked at again every hour, in case
   * the oldest one goes away).
   */
  private static void requireFirstOfItsName(
      TrustDomain td, TrustDomainSettings settings, Context<TrustDomain> context)
      throws BadInputException {
    Optional<TrustDomain> first =
        context
            .getPrimaryCache()
            .list()
            .filter(other -> declares(other, settings.trustDomain().name()))
            .min(
                Comparator.comparing(
                        (TrustDomain t) -> String.valueOf(t.getMetadata().getCreationTimestamp()))
                    .thenComparing(t -> t.getMetadata().getName()));
    if (first.isPresent()
        && !first.get().getMetadata().getName().equals(td.getMetadata().getName())) {
      throw new BadInputException(
          Reasons.DUPLICATE_TRUST_DOMAIN,
          "TrustDomain "
              + first.get().getMetadata().getName()
              + " already serves trust domain "
              + settings.trustDomain()
              + "; a trust domain has one CA, so use that TrustDomain or delete this one");
    }
  }

  private static boolean declares(TrustDomain td, String trustDomain) {
    return td.getSpec() != null && trustDomain.equals(td.getSpec().getTrustDomain());
  }

  /** When to look again: at the CA's expiry, and at least every hour. */
  private Duration untilExpiry(TrustDomainStatus status) {
    Duration left =
        Duration.between(Instant.now(clock), Instant.parse(status.getCa().getNotAfter()));
    if (left.isNegative() || left.isZero()) {
      return RECHECK;
    }
    return left.compareTo(RECHECK) < 0 ? left.plusSeconds(1) : RECHECK;
  }

  private CertificateAuthority ensureCa(TrustDomain td, TrustDomainSettings settings)
      throws BadInputException {
    String secretName = CaSecrets.nameFor(td.getMetadata().getName());
    Optional<Secret> existing = caSecrets.get(new ResourceID(secretName, caStore.namespace()));
    Secret stored = existing.isPresent() ? existing.get() : createCa(td, settings);
    CertificateAuthority ca =
        caStore.load(stored, td.getMetadata().getName(), settings.trustDomain());
    if (!Instant.now(clock).isBefore(ca.notAfter())) {
      throw new BadInputException(
          Reasons.CA_EXPIRED,
          "the CA in Secret "
              + caStore.namespace()
              + "/"
              + secretName
              + " expired at "
              + ca.notAfter()
              + "; delete that Secret to have a new CA generated");
    }
    return ca;
  }

  private Secret createCa(TrustDomain td, TrustDomainSettings settings) throws BadInputException {
    settings.requireValidCaSettings();
    CertificateAuthority generated =
        CertificateAuthority.generateRoot(
            settings.trustDomain(), settings.caKeyType(), settings.caTtl(), clock);
    CaStore.Stored stored = caStore.createIfAbsent(td.getMetadata().getName(), generated);
    if (!stored.created()) {
      return stored.secret();
    }
    events.normal(
        td,
        Reasons.CA_CREATED,
        "Generated root CA "
            + generated.subject()
            + " ("
            + generated.keyType().specName()
            + ", expires "
            + generated.notAfter()
            + ")");
    return stored.secret();
  }

  private Condition readyCondition(TrustDomain td, CertificateAuthority ca) {
    String message =
        "CA "
            + Text.oneLine(ca.subject())
            + " signs SVIDs for "
            + ca.trustDomain()
            + "; it expires at "
            + ca.notAfter();
    return Conditions.ready(true, Reasons.CA_READY, message, td.getMetadata().getGeneration());
  }

  private void writeStatus(
      TrustDomain td,
      TrustDomainStatus next,
      List<Condition> changes,
      Context<TrustDomain> context) {
    TrustDomainStatus current = td.getStatus();
    List<Condition> before = current == null ? List.of() : current.getConditions();
    List<Condition> conditions = before;
    for (Condition change : changes) {
      conditions = Conditions.with(conditions, change, clock);
      if (Conditions.changed(before, change)) {
        announce(td, change, before);
      }
    }
    next.setConditions(conditions);
    if (current == null || !Statuses.sameJson(current, next)) {
      statusWriter.write(td, next, context);
    }
  }

  private void announce(TrustDomain td, Condition change, List<Condition> before) {
    boolean isTrue = Condition.TRUE.equals(change.getStatus());
    if (Condition.BUNDLES_IN_SYNC.equals(change.getType())) {
      announceBundles(td, change, before);
      return;
    }
    if (isTrue) {
      log.info("Trust domain ready: {}", change.getMessage());
      events.normal(td, change.getReason(), change.getMessage());
    } else {
      log.warn("Trust domain not ready ({}): {}", change.getReason(), change.getMessage());
      events.warning(td, change.getReason(), change.getMessage());
    }
  }

  /** Bundle trouble is announced; so is its end. The first success has its own Event. */
  private void announceBundles(TrustDomain td, Condition change, List<Condition> before) {
    if (!Condition.TRUE.equals(change.getStatus())) {
      log.warn(
          "Bundle of TrustDomain {} not in sync ({}): {}",
          td.getMetadata().getName(),
          change.getReason(),
          change.getMessage());
      events.warning(td, change.getReason(), change.getMessage());
    } else if (Conditions.find(before, change.getType()).isPresent()) {
      log.info("Bundle of TrustDomain {} in sync again", td.getMetadata().getName());
      events.normal(td, change.getReason(), change.getMessage());
    }
  }

  @Override
  public ErrorStatusUpdateControl<TrustDomain> updateErrorStatus(
      TrustDomain td, Context<TrustDomain> context, Exception e) {
    log.warn("Reconciling trust domain failed, will retry: {}", ErrorMessages.describe(e));
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
