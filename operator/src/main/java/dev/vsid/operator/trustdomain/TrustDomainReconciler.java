package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.BundleStatus;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.NamespaceFailure;
import dev.vsid.operator.api.v1alpha1.RotationStatus;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainStatus;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.ca.CaState;
import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.distribution.BundleContent;
import dev.vsid.operator.distribution.BundleDistributor;
import dev.vsid.operator.distribution.BundleSequence;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.federation.BundleEndpoints;
import dev.vsid.operator.federation.FederatedBundles;
import dev.vsid.operator.identity.SvidInventory;
import dev.vsid.operator.kube.AfterRetries;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.status.StatusWriter;
import dev.vsid.operator.status.Statuses;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.net.HttpURLConnection;
import java.security.cert.X509Certificate;
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
  private static final Duration ROTATION_POLL = Duration.ofSeconds(5);
  private static final Duration ENDPOINT_PENDING_RECHECK = Duration.ofSeconds(2);
  private static final Duration RECHECK_PROBLEM = Duration.ofMinutes(1);

  private final CaStore caStore;
  private final EventRecorder events;
  private final Clock clock;
  private final StatusWriter statusWriter;
  private final BundleDistributor distributor;
  private final CaRotation rotation;
  private final SvidInventory inventory;
  private final Duration recheckInterval;
  private final BundleEndpoints endpoints;
  private final VsidMetrics metrics;
  private InformerEventSource<Secret, TrustDomain> caSecrets;
  private InformerEventSource<FederatedTrustDomain, TrustDomain> federatedTrustDomains;
  private final FederatedBundles federatedBundles = new FederatedBundles();
  private io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache<TrustDomain>
      trustDomainCache;
  private InformerEventSource<Secret, TrustDomain> providedSecrets;
  private static final String BY_PROVIDED_SECRET = "byProvidedSecret";

  /** A provided CA must have at least this much life left to be used. */
  static final Duration PROVIDED_CA_MINIMUM_LIFETIME = Duration.ofHours(1);

  public TrustDomainReconciler(
      CaStore caStore,
      BundleDistributor distributor,
      SvidInventory inventory,
      EventRecorder events,
      StatusWriter statusWriter,
      OperatorSettings operatorSettings,
      BundleEndpoints endpoints,
      VsidMetrics metrics,
      Clock clock) {
    this.caStore = caStore;
    this.metrics = metrics;
    this.endpoints = endpoints;
    this.distributor = distributor;
    this.inventory = inventory;
    Duration poll = operatorSettings.recheckInterval();
    this.recheckInterval = poll;
    this.rotation =
        new CaRotation(
            caStore,
            inventory,
            events,
            clock,
            poll.compareTo(ROTATION_POLL) < 0 ? poll : ROTATION_POLL);
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
    context
        .getPrimaryCache()
        .addIndexer(BY_PROVIDED_SECRET, TrustDomainReconciler::providedSecretOf);
    providedSecrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, TrustDomain.class)
                .withName("provided-ca-secrets")
                .withNamespaces(Set.of(caStore.namespace()))
                .withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(
                    secret ->
                        context
                            .getPrimaryCache()
                            .byIndex(BY_PROVIDED_SECRET, secret.getMetadata().getName())
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    trustDomainCache = context.getPrimaryCache();
    endpoints.attach(
        new BundleEndpoints.Caches() {
          @Override
          public java.util.Collection<TrustDomain> trustDomains() {
            return context.getPrimaryCache().list().toList();
          }

          @Override
          public Optional<Secret> operatorSecret(String name) {
            return providedSecrets.get(new ResourceID(name, caStore.namespace()));
          }
        });
    federatedTrustDomains =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(FederatedTrustDomain.class, TrustDomain.class)
                .withName("federated-trust-domains")
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(ftd -> federatingWith(context, ftd))
                .build(),
            context);
    List<EventSource<?, TrustDomain>> sources = new ArrayList<>();
    sources.add(federatedTrustDomains);
    sources.add(caSecrets);
    sources.add(providedSecrets);
    sources.addAll(distributor.eventSources(context));
    return sources;
  }

  /**
   * Whether the bundle of every trust domain in federatesWith is in use; absent when the list is. A
   * missing one is left out of bundles and Secrets until its FederatedTrustDomain has a bundle.
   */
  private Optional<Condition> federationCondition(TrustDomain td) {
    List<String> wanted = td.getSpec() == null ? null : td.getSpec().getFederatesWith();
    if (wanted == null || wanted.isEmpty()) {
      return Optional.empty();
    }
    FederatedBundles.Selection selection = federatedFor(td);
    Long generation = td.getMetadata().getGeneration();
    if (!selection.local().isEmpty()) {
      return Optional.of(
          Conditions.of(
              Condition.FEDERATED,
              false,
              Reasons.FEDERATED_BUNDLE_MISSING,
              String.join(", ", selection.local())
                  + " is served by a TrustDomain of this cluster; federating two local trust"
                  + " domains is not supported yet, and no FederatedTrustDomain may speak for it"
                  + (selection.missing().isEmpty()
                      ? ""
                      : "; no bundle yet for " + String.join(", ", selection.missing())),
              generation));
    }
    if (selection.missing().isEmpty()) {
      return Optional.of(
          Conditions.of(
              Condition.FEDERATED,
              true,
              Reasons.FEDERATED_BUNDLES_IN_USE,
              "the bundles of "
                  + String.join(
                      ", ",
                      selection.bundles().keySet().stream().map(TrustDomainName::name).toList())
                  + " are published beside this one",
              generation));
    }
    return Optional.of(
        Conditions.of(
            Condition.FEDERATED,
            false,
            Reasons.FEDERATED_BUNDLE_MISSING,
            "no bundle yet for "
                + String.join(", ", selection.missing())
                + "; create a FederatedTrustDomain for each (kubectl get federatedtrustdomains),"
                + " or see why its source fails; the other bundles are published meanwhile",
            generation));
  }

  /** A BundleEndpoint condition and when to look again, if ever. */
  private record EndpointCondition(Condition condition, Duration recheck) {}

  /**
   * Whether this replica serves the trust domain's bundle endpoint; absent when none is asked for.
   * The endpoints are brought up to date first, so a new or changed spec.bundleEndpoint is served
   * by the time the condition is written. Problems are looked at again every minute (a port freed,
   * a Secret created); a starting endpoint after a few seconds.
   */
  private Optional<EndpointCondition> endpointCondition(TrustDomain td) {
    if (td.getSpec() == null || td.getSpec().getBundleEndpoint() == null) {
      return Optional.empty();
    }
    endpoints.sync();
    return endpoints
        .report(td)
        .map(
            report ->
                new EndpointCondition(
                    Conditions.of(
                        Condition.BUNDLE_ENDPOINT,
                        report.serving(),
                        report.reason(),
                        report.message(),
                        td.getMetadata().getGeneration()),
                    report.serving()
                        ? null
                        : report.pending() ? ENDPOINT_PENDING_RECHECK : RECHECK_PROBLEM));
  }

  /** The trust domain names the TrustDomains of this cluster serve. */
  private Set<String> servedHere() {
    return trustDomainCache == null ? Set.of() : FederatedBundles.servedBy(trustDomainCache.list());
  }

  /**
   * The TrustDomains that list the FederatedTrustDomain's trust domain in federatesWith: the one of
   * its spec, and the one its status records (they differ when spec.trustDomain was edited, and the
   * TrustDomains that trusted the old one must drop its bundle).
   */
  private static Set<ResourceID> federatingWith(
      EventSourceContext<TrustDomain> context, FederatedTrustDomain ftd) {
    Set<String> names = new java.util.HashSet<>();
    if (ftd.getSpec() != null && ftd.getSpec().getTrustDomain() != null) {
      names.add(ftd.getSpec().getTrustDomain());
    }
    if (ftd.getStatus() != null && ftd.getStatus().getTrustDomain() != null) {
      names.add(ftd.getStatus().getTrustDomain());
    }
    return context
        .getPrimaryCache()
        .list()
        .filter(td -> td.getSpec() != null && td.getSpec().getFederatesWith() != null)
        .filter(td -> td.getSpec().getFederatesWith().stream().anyMatch(names::contains))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The bundles of the trust domains {@code td} federates with, and those not in use yet. */
  private FederatedBundles.Selection federatedFor(TrustDomain td) {
    List<String> wanted = td.getSpec() == null ? null : td.getSpec().getFederatesWith();
    if (wanted == null || wanted.isEmpty() || td.getSpec().getTrustDomain() == null) {
      return FederatedBundles.Selection.none();
    }
    try {
      TrustDomainName own = new TrustDomainName(td.getSpec().getTrustDomain());
      return federatedBundles.select(
          federatedTrustDomains.list().toList(), wanted, own, servedHere());
    } catch (InvalidSpiffeIdException e) {
      return FederatedBundles.Selection.none();
    }
  }

  /**
   * The Secrets of the operator's namespace a TrustDomain names: a provided CA, a web certificate.
   */
  private static List<String> providedSecretOf(TrustDomain td) {
    var spec = td.getSpec();
    if (spec == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (spec.getCa() != null && spec.getCa().getSecretName() != null) {
      names.add(spec.getCa().getSecretName());
    }
    if (spec.getBundleEndpoint() != null
        && spec.getBundleEndpoint().getWeb() != null
        && spec.getBundleEndpoint().getWeb().getSecretName() != null) {
      names.add(spec.getBundleEndpoint().getWeb().getSecretName());
    }
    return names;
  }

  static Set<ResourceID> owningTrustDomain(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(Labels.TRUST_DOMAIN_REF);
    return owner == null ? Set.of() : Set.of(new ResourceID(owner));
  }

  /** A CA Secret and what it holds. */
  private record Loaded(Secret secret, CaState state) {}

  @Override
  public UpdateControl<TrustDomain> reconcile(TrustDomain td, Context<TrustDomain> context) {
    TrustDomainStatus next = new TrustDomainStatus();
    next.setObservedGeneration(td.getMetadata().getGeneration());
    TrustDomainStatus current = td.getStatus();
    if (current != null) {
      next.setBundle(current.getBundle());
      next.setRotation(current.getRotation());
    }
    Condition ready;
    TrustDomainSettings settings = null;
    Loaded loaded = null;
    Optional<CertificateAuthority> provided = Optional.empty();
    try {
      settings = TrustDomainSettings.of(td);
      requireFirstOfItsName(td, settings, context);
      loaded = ensureCa(td, settings);
      describeCas(td, loaded.state(), next);
      settings.requireValidDefaults();
      provided = providedCa(td, settings);
      ready = readyCondition(td, loaded.state().active());
    } catch (BadInputException e) {
      String message = e.getMessage();
      if (loaded != null && isProvidedCaProblem(e)) {
        message +=
            "; the current CA keeps signing until it expires at "
                + loaded.state().active().notAfter();
      }
      ready = Conditions.ready(false, e.reason(), message, td.getMetadata().getGeneration());
    }
    metrics.trustDomainChecked(
        td.getMetadata().getName(),
        loaded == null ? null : loaded.state().active(),
        ready.getReason());
    List<Condition> conditions = new ArrayList<>(List.of(ready));
    Duration after = null;
    if (loaded != null) {
      lostCaCondition(td, loaded.state()).ifPresent(conditions::add);
      Published published = publishBundle(td, loaded, next);
      loaded = new Loaded(published.caSecret(), loaded.state());
      conditions.add(published.condition());
      federationCondition(td).ifPresent(conditions::add);
      after = published.retryIn().orElse(null);
      Optional<EndpointCondition> endpoint = endpointCondition(td);
      if (endpoint.isPresent()) {
        conditions.add(endpoint.get().condition());
        after = earliest(after, endpoint.get().recheck());
      }
      after = earliest(after, untilExpiry(loaded.state()));
      // The rotation goes on whatever else is wrong with the spec: a bad SVID default must not
      // let the CA run out.
      after = earliest(after, advanceRotation(td, settings, loaded, published, provided, next));
    } else if (Reasons.DUPLICATE_TRUST_DOMAIN.equals(ready.getReason())) {
      after = RECHECK;
    }
    writeStatus(td, next, conditions, loaded != null, context);
    if (loaded != null) {
      // A safety net against lost timers and clock jumps, as for identities.
      after = earliest(after, recheckInterval);
    }
    return after != null
        ? UpdateControl.<TrustDomain>noUpdate().rescheduleAfter(after)
        : UpdateControl.noUpdate();
  }

  /**
   * CaSecretLost: True while the trust domain recovers from a deleted CA Secret (SVIDs are reissued
   * under the new CA), False once it has; absent when it never happened.
   */
  private static Optional<Condition> lostCaCondition(TrustDomain td, CaState state) {
    Long generation = td.getMetadata().getGeneration();
    boolean recovering =
        CaState.CA_SECRET_DELETED.equals(state.rotation().reason())
            && state.phase() != CaState.Phase.STABLE;
    if (recovering) {
      return Optional.of(
          Conditions.of(
              Condition.CA_SECRET_LOST,
              true,
              CaState.CA_SECRET_DELETED,
              "The CA Secret was deleted at "
                  + state.rotation().startedAt()
                  + "; a new CA signs, SVIDs are being reissued, and the old roots stay trusted"
                  + " until they are",
              generation));
    }
    boolean happened =
        td.getStatus() != null
            && Conditions.find(td.getStatus().getConditions(), Condition.CA_SECRET_LOST)
                .isPresent();
    return happened
        ? Optional.of(
            Conditions.of(
                Condition.CA_SECRET_LOST,
                false,
                "Recovered",
                "Every SVID is signed by the current CA; the lost CA's roots are no longer"
                    + " trusted",
                generation))
        : Optional.empty();
  }

  /** One step of the CA rotation; the CA Secret's change brings the next reconcile. */
  private Duration advanceRotation(
      TrustDomain td,
      TrustDomainSettings settings,
      Loaded loaded,
      Published published,
      Optional<CertificateAuthority> provided,
      TrustDomainStatus next) {
    try {
      CaRotation.Step step =
          rotation.advance(
              td,
              settings,
              loaded.secret(),
              loaded.state(),
              provided,
              published.behind(),
              published.bundlePem());
      next.setRotation(step.status());
      return step.recheck().orElse(null);
    } catch (BadInputException e) {
      RotationStatus status = new RotationStatus();
      status.setPhase(loaded.state().phase().name());
      status.setWaitingFor(e.getMessage());
      next.setRotation(status);
      return null;
    }
  }

  private void describeCas(TrustDomain td, CaState state, TrustDomainStatus next) {
    String secretName = CaSecrets.nameFor(td.getMetadata().getName());
    next.setCa(CaStatuses.of(state.active(), secretName));
    next.setNextCa(state.next().map(ca -> CaStatuses.of(ca, secretName)).orElse(null));
    next.setRetiringCas(
        state.retiring().isEmpty()
            ? null
            : state.retiring().stream().map(CaStatuses::ofRoot).toList());
  }

  private static Duration earliest(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : min(a, b);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The outcome of publishing the bundle: its condition, when to retry failed namespaces, whether
   * every selected namespace holds it, and the bundle as PEM.
   */
  private record Published(
      Condition condition,
      Optional<Duration> retryIn,
      List<String> behind,
      String bundlePem,
      Secret caSecret) {}

  /** Publishes the trust domain's bundle in every selected namespace. */
  private Published publishBundle(TrustDomain td, Loaded loaded, TrustDomainStatus next) {
    Long generation = td.getMetadata().getGeneration();
    CaState state = loaded.state();
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
      return new Published(
          invalid,
          Optional.empty(),
          List.of("(spec.bundle is invalid: nothing is published)"),
          "",
          loaded.secret());
    }
    TrustBundle own =
        TrustBundle.of(state.active().trustDomain(), state.trustedRoots(Instant.now(clock)))
            .withRefreshHint(bundleSettings.refreshHint());
    String digest = BundleContent.digest(own);
    BundleStatus previous = td.getStatus() == null ? null : td.getStatus().getBundle();
    Secret caSecret = loaded.secret();
    long sequence =
        BundleSequence.choose(
            CaSecrets.recordedSequence(caSecret),
            CaSecrets.recordedDigest(caSecret),
            previous,
            digest);
    if (sequence != CaSecrets.recordedSequence(caSecret)
        || !digest.equals(CaSecrets.recordedDigest(caSecret))) {
      try {
        caSecret = caStore.recordBundle(caSecret, sequence, digest);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // The CA Secret changed meanwhile; its event brings the next pass.
        return new Published(
            Conditions.find(
                    td.getStatus() == null ? List.of() : td.getStatus().getConditions(),
                    Condition.BUNDLES_IN_SYNC)
                .orElse(
                    Conditions.of(
                        Condition.BUNDLES_IN_SYNC,
                        false,
                        Reasons.BUNDLES_OUT_OF_SYNC,
                        "the bundle is being published",
                        generation)),
            Optional.of(Duration.ofSeconds(1)),
            List.of("(the bundle is being published)"),
            PemBundle.write(own),
            loaded.secret());
      }
    }
    BundleContent content =
        BundleContent.of(own.withSequence(sequence), federatedFor(td).bundles());
    BundleStatus bundle = copy(previous);
    bundle.setConfigMapName(bundleSettings.configMapName());
    bundle.setSequence(sequence);
    bundle.setDigest(digest);
    bundle.setRoots(own.authorities().size());
    bundle.setRootFingerprints(
        own.authorities().stream().map(Fingerprints::sha256).sorted().toList());
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
    List<String> behind =
        result.failures().stream()
            .filter(f -> !Reasons.CONFIG_MAP_CONFLICT.equals(f.getReason()))
            .map(NamespaceFailure::getNamespace)
            .toList();
    return new Published(
        bundlesCondition(bundleSettings, sequence, result, generation),
        result.retryIn(),
        behind,
        PemBundle.write(own),
        caSecret);
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
    metrics.trustDomainDeleted(td.getMetadata().getName());
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

  /** When to look again: when the active CA or a trusted root expires, and at least hourly. */
  private Duration untilExpiry(CaState state) {
    Instant now = Instant.now(clock);
    Duration wait = RECHECK;
    List<Instant> ends = new ArrayList<>();
    ends.add(state.active().notAfter());
    state.retiring().forEach(r -> ends.add(r.getNotAfter().toInstant()));
    for (Instant end : ends) {
      Duration left = Duration.between(now, end);
      if (!left.isNegative() && !left.isZero() && left.compareTo(wait) < 0) {
        wait = left.plusSeconds(1);
      }
    }
    return wait;
  }

  private Loaded ensureCa(TrustDomain td, TrustDomainSettings settings) throws BadInputException {
    String secretName = CaSecrets.nameFor(td.getMetadata().getName());
    Optional<Secret> existing = caSecrets.get(new ResourceID(secretName, caStore.namespace()));
    Secret stored = existing.isPresent() ? existing.get() : createCa(td, settings);
    CaState state = caStore.load(stored, td.getMetadata().getName(), settings.trustDomain());
    CertificateAuthority ca = state.active();
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
    return new Loaded(stored, state);
  }

  private static boolean isProvidedCaProblem(BadInputException e) {
    return isProvidedCaProblem(e.reason());
  }

  private static boolean isProvidedCaProblem(String reason) {
    return Reasons.PROVIDED_CA_INVALID.equals(reason)
        || Reasons.PROVIDED_CA_NOT_FOUND.equals(reason);
  }

  /** The CA in the Secret spec.ca.secretName names, checked; empty when none is named. */
  private Optional<CertificateAuthority> providedCa(TrustDomain td, TrustDomainSettings settings)
      throws BadInputException {
    Optional<String> name = settings.providedCaSecret();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String where = caStore.namespace() + "/" + name.get();
    Secret secret =
        providedSecrets
            .get(new ResourceID(name.get(), caStore.namespace()))
            .orElseThrow(
                () ->
                    new BadInputException(
                        Reasons.PROVIDED_CA_NOT_FOUND,
                        "Secret "
                            + where
                            + " named by spec.ca.secretName does not exist; create it with"
                            + " tls.crt (the CA certificate and any intermediates above it),"
                            + " tls.key and ca.crt (the roots)"));
    try {
      return Optional.of(
          CertificateAuthority.fromPem(
              settings.trustDomain(),
              CaSecrets.text(secret, CaSecrets.CERT),
              CaSecrets.text(secret, CaSecrets.KEY),
              CaSecrets.text(secret, CaSecrets.ROOTS),
              clock,
              PROVIDED_CA_MINIMUM_LIFETIME));
    } catch (PkiException e) {
      throw new BadInputException(
          Reasons.PROVIDED_CA_INVALID,
          "the CA in Secret "
              + where
              + " (spec.ca.secretName) cannot sign SVIDs for "
              + settings.trustDomain()
              + ": "
              + e.getMessage()
              + "; nothing is signed with it");
    }
  }

  private Secret createCa(TrustDomain td, TrustDomainSettings settings) throws BadInputException {
    settings.requireValidCaSettings();
    Optional<CertificateAuthority> provided = providedCa(td, settings);
    CertificateAuthority generated =
        provided.isPresent()
            ? provided.get()
            : CertificateAuthority.generateRoot(
                settings.trustDomain(), settings.caKeyType(), settings.caTtl(), clock);
    boolean lost = td.getStatus() != null && td.getStatus().getCa() != null;
    if (lost) {
      return recreateCa(td, settings, generated);
    }
    CaStore.Stored stored = caStore.createIfAbsent(td.getMetadata().getName(), generated);
    if (!stored.created()) {
      return stored.secret();
    }
    events.normal(
        td,
        Reasons.CA_CREATED,
        (provided.isPresent() ? "Using the provided CA " : "Generated root CA ")
            + generated.subject()
            + " ("
            + generated.keyType().specName()
            + ", expires "
            + generated.notAfter()
            + ")");
    return stored.secret();
  }

  /**
   * The CA Secret of a TrustDomain that had a CA is gone. A new CA signs at once; the lost CA's
   * roots, as the bundles published them, stay trusted until the SVIDs they signed are replaced,
   * and every SVID is reissued. Only roots whose fingerprints the TrustDomain's status recorded are
   * taken back, so a ConfigMap edited by someone else cannot slip a root in.
   */
  private Secret recreateCa(
      TrustDomain td, TrustDomainSettings settings, CertificateAuthority generated) {
    Instant now = Instant.now(clock);
    List<X509Certificate> old = lostRoots(td, settings, now, generated);
    CaStore.Stored stored =
        caStore.recreateIfAbsent(td.getMetadata().getName(), generated, old, now);
    if (stored.created()) {
      String message =
          "CA Secret "
              + caStore.namespace()
              + "/"
              + CaSecrets.nameFor(td.getMetadata().getName())
              + " was deleted. A new CA ("
              + generated.subject()
              + ", serial "
              + generated.serialNumberHex()
              + ") signs from now and every SVID is being reissued; "
              + (old.isEmpty()
                  ? "the old root could not be recovered, so SVIDs signed by it no longer verify"
                      + " until they are reissued"
                  : old.size()
                      + " old root"
                      + (old.size() == 1 ? " stays" : "s stay")
                      + " trusted until then")
              + ". Restore the Secret from a backup only if the new CA has not been used yet.";
      log.warn("TrustDomain {}: {}", td.getMetadata().getName(), message);
      events.warning(td, CaState.CA_SECRET_DELETED, message);
    }
    return stored.secret();
  }

  private List<X509Certificate> lostRoots(
      TrustDomain td, TrustDomainSettings settings, Instant now, CertificateAuthority generated) {
    var bundle = td.getStatus().getBundle();
    Set<String> known =
        bundle == null || bundle.getRootFingerprints() == null
            ? Set.of()
            : Set.copyOf(bundle.getRootFingerprints());
    Set<String> pems = new java.util.HashSet<>(inventory.bundlePems(settings.trustDomain()));
    for (ConfigMap cm : distributor.published(td)) {
      if (cm.getData() != null && cm.getData().get(BundleContent.PEM_KEY) != null) {
        pems.add(cm.getData().get(BundleContent.PEM_KEY));
      }
    }
    Map<String, X509Certificate> found = new java.util.TreeMap<>();
    for (String pem : pems) {
      try {
        for (X509Certificate cert : Pem.parseCertificates(pem)) {
          String fingerprint = Fingerprints.sha256(cert);
          if (known.contains(fingerprint)
              && now.isBefore(cert.getNotAfter().toInstant())
              && !generated.roots().contains(cert)) {
            found.putIfAbsent(fingerprint, cert);
          }
        }
      } catch (PkiException e) {
        // a damaged copy; others may hold the roots
      }
    }
    return List.copyOf(found.values());
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

  /**
   * Writes the status when it changed. {@code complete}: {@code changes} holds every optional
   * condition that applies, so others of those types are removed.
   */
  private void writeStatus(
      TrustDomain td,
      TrustDomainStatus next,
      List<Condition> changes,
      boolean complete,
      Context<TrustDomain> context) {
    TrustDomainStatus current = td.getStatus();
    List<Condition> before = current == null ? List.of() : current.getConditions();
    List<Condition> conditions = before;
    if (complete) {
      // Conditions of a part the spec no longer asks for go with it.
      for (String type : List.of(Condition.FEDERATED, Condition.BUNDLE_ENDPOINT)) {
        if (changes.stream().noneMatch(c -> type.equals(c.getType()))) {
          conditions = Conditions.without(conditions, type);
        }
      }
    }
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
    if (Condition.BUNDLE_ENDPOINT.equals(change.getType())) {
      announcePart(td, change, "bundle endpoint not served");
      return;
    }
    if (Condition.FEDERATED.equals(change.getType())) {
      announcePart(td, change, "federation incomplete");
      return;
    }
    if (Condition.CA_SECRET_LOST.equals(change.getType())) {
      if (!isTrue) {
        log.info("TrustDomain {}: {}", td.getMetadata().getName(), change.getMessage());
        events.normal(td, change.getReason(), change.getMessage());
      }
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

  /**
   * A condition of a part of the TrustDomain (federation, bundle endpoint): its success as a Normal
   * Event, its trouble as a Warning; a bundle endpoint that is only starting is not announced.
   */
  private void announcePart(TrustDomain td, Condition change, String trouble) {
    if (Condition.TRUE.equals(change.getStatus())) {
      log.info("TrustDomain {}: {}", td.getMetadata().getName(), change.getMessage());
      events.normal(td, change.getReason(), change.getMessage());
    } else if (!Reasons.BUNDLE_ENDPOINT_PENDING.equals(change.getReason())) {
      log.warn(
          "TrustDomain {}: {} ({}): {}",
          td.getMetadata().getName(),
          trouble,
          change.getReason(),
          change.getMessage());
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
    return AfterRetries.recheckAfter(context, RECHECK);
  }
}
