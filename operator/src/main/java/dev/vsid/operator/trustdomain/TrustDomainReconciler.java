package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainStatus;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.ca.CaStore;
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
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each TrustDomain's CA in place: finds its CA Secret or creates one, checks it, and reports
 * the CA in the TrustDomain's status.
 */
@ControllerConfiguration(name = TrustDomainReconciler.NAME)
public class TrustDomainReconciler implements Reconciler<TrustDomain> {
  public static final String NAME = "trustdomain";
  private static final Duration RECHECK = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(TrustDomainReconciler.class);

  private final CaStore caStore;
  private final EventRecorder events;
  private final Clock clock;
  private final StatusWriter statusWriter;
  private InformerEventSource<Secret, TrustDomain> caSecrets;

  public TrustDomainReconciler(
      CaStore caStore, EventRecorder events, StatusWriter statusWriter, Clock clock) {
    this.caStore = caStore;
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
    return List.of(caSecrets);
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
    Condition ready;
    try {
      TrustDomainSettings settings = TrustDomainSettings.of(td);
      requireFirstOfItsName(td, settings, context);
      CertificateAuthority ca = ensureCa(td, settings);
      next.setCa(CaStatuses.of(ca, CaSecrets.nameFor(td.getMetadata().getName())));
      settings.requireValidDefaults();
      ready = readyCondition(td, ca);
    } catch (BadInputException e) {
      ready = Conditions.ready(false, e.reason(), e.getMessage(), td.getMetadata().getGeneration());
    }
    writeStatus(td, next, ready, context);
    if (next.getCa() != null) {
      return UpdateControl.<TrustDomain>noUpdate().rescheduleAfter(untilExpiry(next));
    }
    return Reasons.DUPLICATE_TRUST_DOMAIN.equals(ready.getReason())
        ? UpdateControl.<TrustDomain>noUpdate().rescheduleAfter(RECHECK)
        : UpdateControl.noUpdate();
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
      TrustDomain td, TrustDomainStatus next, Condition ready, Context<TrustDomain> context) {
    TrustDomainStatus current = td.getStatus();
    List<Condition> before = current == null ? List.of() : current.getConditions();
    next.setConditions(Conditions.with(before, ready, clock));
    if (Conditions.changed(before, ready)) {
      announce(td, ready);
    }
    if (current == null || !Statuses.sameJson(current, next)) {
      statusWriter.write(td, next, context);
    }
  }

  private void announce(TrustDomain td, Condition ready) {
    if (Condition.TRUE.equals(ready.getStatus())) {
      log.info("Trust domain ready: {}", ready.getMessage());
      events.normal(td, ready.getReason(), ready.getMessage());
    } else {
      log.warn("Trust domain not ready ({}): {}", ready.getReason(), ready.getMessage());
      events.warning(td, ready.getReason(), ready.getMessage());
    }
  }

  @Override
  public ErrorStatusUpdateControl<TrustDomain> updateErrorStatus(
      TrustDomain td, Context<TrustDomain> context, Exception e) {
    log.warn("Reconciling trust domain failed, will retry: {}", ErrorMessages.describe(e));
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
