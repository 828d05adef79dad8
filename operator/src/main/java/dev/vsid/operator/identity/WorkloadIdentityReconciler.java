package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentityStatus;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.kube.AfterRetries;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.status.StatusWriter;
import dev.vsid.operator.status.Statuses;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each WorkloadIdentity's SVID in its Secret: issues it, renews it at two thirds of its
 * lifetime, reissues it when the spec or the CA changes or the Secret is lost or tampered with, and
 * otherwise leaves it alone.
 */
@ControllerConfiguration(name = WorkloadIdentityReconciler.NAME)
public class WorkloadIdentityReconciler implements Reconciler<WorkloadIdentity> {
  public static final String NAME = "workloadidentity";
  private static final Logger log = LoggerFactory.getLogger(WorkloadIdentityReconciler.class);
  private static final String BY_TRUST_DOMAIN = "byTrustDomain";
  private static final String BY_SECRET = "bySecret";

  private final OperatorSettings settings;
  private final Clock clock;
  private final EventRecorder events;
  private final SvidIssuer issuer;
  private final TrustDomainLookup trustDomains;
  private final SvidWriter writer;
  private final DesiredSvidResolver resolver;
  private final StatusWriter statusWriter;
  private final SvidInventory inventory;
  private final IdentityDirectory directory;
  private final VsidMetrics metrics;
  private final SpiffeIdClaims claims = new SpiffeIdClaims();
  private final NamespaceLabels namespaceLabels = new NamespaceLabels();
  private final Wakeups wakeups = new Wakeups();
  private InformerEventSource<Secret, WorkloadIdentity> svidSecrets;
  private IndexerResourceCache<WorkloadIdentity> primaries;

  public WorkloadIdentityReconciler(
      OperatorSettings settings,
      SvidWriter writer,
      TrustDomainLookup trustDomains,
      EventRecorder events,
      StatusWriter statusWriter,
      SvidInventory inventory,
      IdentityDirectory directory,
      VsidMetrics metrics,
      Clock clock) {
    this.directory = directory;
    this.metrics = metrics;
    this.statusWriter = statusWriter;
    this.inventory = inventory;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.writer = writer;
    this.trustDomains = trustDomains;
    this.issuer = new SvidIssuer(clock, settings.backdate());
    this.resolver = new DesiredSvidResolver(settings.minimumSvidTtl(), settings.namespace());
  }

  @Override
  public List<EventSource<?, WorkloadIdentity>> prepareEventSources(
      EventSourceContext<WorkloadIdentity> context) {
    IndexerResourceCache<WorkloadIdentity> primaries = context.getPrimaryCache();
    this.primaries = primaries;
    primaries.addIndexer(BY_TRUST_DOMAIN, WorkloadIdentityReconciler::trustDomainOf);
    primaries.addIndexer(BY_SECRET, WorkloadIdentityReconciler::secretOf);
    primaries.addIndexer(SpiffeIdClaims.INDEX, SpiffeIdClaims::indexKeys);
    var byOwner = Mappers.<Secret>fromOwnerReferences(WorkloadIdentity.class);
    svidSecrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, WorkloadIdentity.class)
                .withName("svid-secrets")
                .withLabelSelector(Labels.SVID_SELECTOR)
                .withSecondaryToPrimaryMapper(
                    secret -> {
                      Set<ResourceID> ids = identitiesOf(primaries, byOwner, secret);
                      ids.addAll(claims.waitingFor(spiffeIdOf(secret)));
                      return ids;
                    })
                .build(),
            context);
    inventory.attach(svidSecrets);
    directory.attach(primaries, BY_SECRET, svidSecrets);
    List<EventSource<?, WorkloadIdentity>> sources =
        trustDomains.eventSources(context, name -> identitiesOf(primaries, name));
    List<EventSource<?, WorkloadIdentity>> all = new ArrayList<>(sources);
    all.add(svidSecrets);
    all.add(namespaceLabels.eventSource(context, primaries));
    all.add(wakeups);
    return all;
  }

  private static String spiffeIdOf(Secret secret) {
    var annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.SPIFFE_ID_ANNOTATION);
  }

  private static List<String> trustDomainOf(WorkloadIdentity wi) {
    var spec = wi.getSpec();
    return spec == null || spec.getTrustDomain() == null
        ? List.of()
        : List.of(spec.getTrustDomain());
  }

  /** The Secret an identity writes to, as "namespace/name", for mapping Secret events back. */
  private static List<String> secretOf(WorkloadIdentity wi) {
    var spec = wi.getSpec();
    String name =
        spec == null || spec.getSecretName() == null
            ? wi.getMetadata().getName()
            : spec.getSecretName();
    return List.of(wi.getMetadata().getNamespace() + "/" + name);
  }

  /**
   * The identities a Secret event concerns: its controller, and any identity that names it (one
   * waiting on a conflict, or one whose Secret lost its owner reference).
   */
  private static Set<ResourceID> identitiesOf(
      IndexerResourceCache<WorkloadIdentity> primaries,
      SecondaryToPrimaryMapper<Secret> byOwner,
      Secret secret) {
    Set<ResourceID> ids = new HashSet<>(byOwner.toPrimaryResourceIDs(secret));
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    primaries.byIndex(BY_SECRET, key).forEach(wi -> ids.add(ResourceID.fromResource(wi)));
    return ids;
  }

  private static Set<ResourceID> identitiesOf(
      IndexerResourceCache<WorkloadIdentity> primaries, String trustDomainResource) {
    return primaries.byIndex(BY_TRUST_DOMAIN, trustDomainResource).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<WorkloadIdentity> reconcile(
      WorkloadIdentity wi, Context<WorkloadIdentity> context) {
    WorkloadIdentityStatus next = IdentityStatuses.carryOver(wi.getStatus());
    Condition ready;
    Duration recheck = null;
    String claimed = null;
    try {
      var trustDomain = trustDomains.resolve(wi);
      DesiredSvid desired =
          resolver.resolve(
              wi,
              trustDomain.settings(),
              trustDomain.ca(),
              namespaceLabels.of(wi.getMetadata().getNamespace()));
      claimed = desired.spiffeId().toString();
      holdSpiffeId(wi, desired, trustDomain.settings(), trustDomain.bundle());
      SvidWriter.Outcome outcome =
          writer.ensure(
              wi,
              desired,
              trustDomain.bundle(),
              trustDomain.federated(),
              findSecret(wi, desired),
              issuer);
      rememberWrite(outcome);
      next = IdentityStatuses.issued(wi, desired, outcome.leaf());
      String message = IdentityStatuses.readyMessage(outcome.leaf(), desired);
      ready = Conditions.ready(true, Reasons.ISSUED, message, wi.getMetadata().getGeneration());
      // A reissue under a new CA that waits its turn is looked at again at its slot.
      recheck = outcome.deferred() != null ? outcome.deferred() : untilRenewal(outcome.leaf());
    } catch (BadInputException e) {
      metrics.issuanceFailed(e.reason());
      String message = e.getMessage() + IdentityStatuses.notRenewed(next, clock);
      ready = Conditions.ready(false, e.reason(), message, wi.getMetadata().getGeneration());
      recheck = recheckAfterProblem(e.reason());
    }
    letGoOfPreviousId(wi, claimed);
    writeStatus(wi, next, ready, context);
    UpdateControl<WorkloadIdentity> control = UpdateControl.noUpdate();
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }

  /**
   * Refuses an ID that another namespace's identity claimed first. A holder wakes later claimants
   * that show the same ID in their status: one may have been issued it before the holder was seen.
   */
  private void holdSpiffeId(
      WorkloadIdentity wi, DesiredSvid desired, TrustDomainSettings td, TrustBundle bundle)
      throws BadInputException {
    List<ResourceID> later =
        claims.requireFirst(
            wi,
            desired.spiffeId(),
            td,
            td.policy(),
            primaries,
            namespaceLabels::of,
            r -> issuedAt(r, desired.spiffeId(), bundle));
    String id = desired.spiffeId().toString();
    for (ResourceID rival : later) {
      primaries
          .get(rival)
          .filter(r -> r.getStatus() != null && id.equals(r.getStatus().getSpiffeId()))
          .filter(r -> !refusedAsConflict(r))
          .ifPresent(r -> wakeups.wake(rival));
    }
  }

  /**
   * When the SVID for {@code id} in {@code wi}'s own Secret was issued, if that Secret holds one
   * the trust domain's CA signed (see {@link IssuedSvids}); never read from the status, which a
   * tenant may be able to write.
   */
  private java.util.Optional<Instant> issuedAt(
      WorkloadIdentity wi, SpiffeId id, TrustBundle bundle) {
    var spec = wi.getSpec();
    String name =
        spec == null || spec.getSecretName() == null
            ? wi.getMetadata().getName()
            : spec.getSecretName();
    Secret secret =
        svidSecrets
            .get(new ResourceID(name, wi.getMetadata().getNamespace()))
            .filter(s -> SvidSecrets.isOwnedBy(s, wi))
            .orElse(null);
    return IssuedSvids.issuedAt(secret, id, bundle, Instant.now(clock));
  }

  /**
   * Wakes identities of other namespaces waiting for the ID this one was issued before, when it no
   * longer claims it (its spec changed, or it is refused for now).
   */
  private void letGoOfPreviousId(WorkloadIdentity wi, String claimed) {
    String previous = wi.getStatus() == null ? null : wi.getStatus().getSpiffeId();
    if (previous != null && !previous.equals(claimed)) {
      claims.waitingFor(previous).forEach(wakeups::wake);
    }
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static boolean refusedAsConflict(WorkloadIdentity wi) {
    return Conditions.find(wi.getStatus().getConditions(), Condition.READY)
        .map(c -> Reasons.SPIFFE_ID_CONFLICT.equals(c.getReason()))
        .orElse(false);
  }

  private Secret findSecret(WorkloadIdentity wi, DesiredSvid desired) {
    var id = new ResourceID(desired.secretName(), wi.getMetadata().getNamespace());
    return svidSecrets.get(id).orElse(null);
  }

  /**
   * Problems that another object's change can solve without any event reaching this identity (a
   * Secret the operator does not watch is deleted; the CA's end draws near) are looked at again
   * after the recheck interval. Problems in the identity's own spec wait for an edit.
   */
  private Duration recheckAfterProblem(String reason) {
    if (Reasons.SECRET_IN_USE.equals(reason)) {
      // Pods are not watched: the pod that holds the Secret name is looked for again each minute.
      return shorter(settings.recheckInterval(), Duration.ofMinutes(1));
    }
    return Reasons.SECRET_CONFLICT.equals(reason)
            || Reasons.CA_EXPIRING.equals(reason)
            || Reasons.SPIFFE_ID_CONFLICT.equals(reason)
        ? settings.recheckInterval()
        : null;
  }

  /** Puts the operator's own write in the cache, so the next reconcile sees it at once. */
  private void rememberWrite(SvidWriter.Outcome outcome) {
    Secret written = outcome.written();
    if (written == null) {
      return;
    }
    ResourceID id = ResourceID.fromResource(written);
    if (outcome.created()) {
      svidSecrets.handleRecentResourceCreate(id, written);
    } else {
      svidSecrets.handleRecentResourceUpdate(id, written, svidSecrets.get(id).orElse(written));
    }
  }

  private Duration untilRenewal(X509Certificate leaf) {
    Duration until = Duration.between(Instant.now(clock), RenewalPolicy.renewalTime(leaf));
    if (until.isNegative() || until.isZero()) {
      return Duration.ofSeconds(1);
    }
    return until.compareTo(settings.recheckInterval()) < 0 ? until : settings.recheckInterval();
  }

  private void writeStatus(
      WorkloadIdentity wi,
      WorkloadIdentityStatus next,
      Condition ready,
      Context<WorkloadIdentity> context) {
    WorkloadIdentityStatus current = wi.getStatus();
    List<Condition> before = current == null ? List.of() : current.getConditions();
    next.setObservedGeneration(wi.getMetadata().getGeneration());
    next.setConditions(Conditions.with(before, ready, clock));
    if (Conditions.changed(before, ready)) {
      announce(wi, ready);
    }
    if (current == null || !Statuses.sameJson(current, next)) {
      statusWriter.write(wi, next, context);
    }
  }

  /**
   * Logs and records a change of the Ready condition. Waiting for a TrustDomain that is being set
   * up is normal on a first install, so it is logged at INFO with no Event; the TrustDomain has its
   * own condition and Events when something is wrong with it.
   */
  private void announce(WorkloadIdentity wi, Condition ready) {
    if (Condition.TRUE.equals(ready.getStatus())) {
      return;
    }
    if (Reasons.TRUST_DOMAIN_NOT_READY.equals(ready.getReason())) {
      log.info("Waiting: {}", ready.getMessage());
      return;
    }
    log.warn("Identity not ready ({}): {}", ready.getReason(), ready.getMessage());
    events.warning(wi, ready.getReason(), ready.getMessage());
  }

  @Override
  public ErrorStatusUpdateControl<WorkloadIdentity> updateErrorStatus(
      WorkloadIdentity wi, Context<WorkloadIdentity> context, Exception e) {
    String problem = ErrorMessages.describe(e);
    log.warn("Reconciling identity failed, will retry: {}", problem);
    String reason =
        e instanceof IssuanceFailedException ? Reasons.ISSUANCE_FAILED : Reasons.API_ERROR;
    metrics.issuanceFailed(reason);
    Condition failed =
        Conditions.ready(
            false,
            reason,
            "the last attempt failed and will be retried: " + problem,
            wi.getMetadata().getGeneration());
    WorkloadIdentityStatus next = IdentityStatuses.carryOver(wi.getStatus());
    try {
      writeStatus(wi, next, failed, context);
    } catch (RuntimeException statusFailure) {
      log.warn(
          "Could not record the failure in the status either: {}",
          ErrorMessages.describe(statusFailure));
    }
    return AfterRetries.recheckAfter(context, settings.recheckInterval());
  }
}
