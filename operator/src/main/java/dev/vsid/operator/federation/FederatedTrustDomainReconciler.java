package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.kube.AfterRetries;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.status.StatusWriter;
import dev.vsid.operator.status.Statuses;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each FederatedTrustDomain's bundle: reads it from where its spec says, checks it is a
 * usable bundle of the configured trust domain, and records it in the status, where the trust
 * domains that federate with it read it. A source that fails keeps the bundle accepted before.
 * Bundle endpoints are fetched on threads of their own; a reconcile never waits on the network.
 */
@ControllerConfiguration(name = FederatedTrustDomainReconciler.NAME)
public class FederatedTrustDomainReconciler implements Reconciler<FederatedTrustDomain> {
  public static final String NAME = "federatedtrustdomain";

  /** How often a bundle kept in a ConfigMap is read again. */
  static final Duration CONFIG_MAP_REFRESH = Duration.ofMinutes(5);

  /** How often a FederatedTrustDomain refused as a duplicate looks whether it is the first now. */
  static final Duration DUPLICATE_RECHECK = Duration.ofMinutes(1);

  /**
   * How long a reconcile that started a fetch (or found one under way) waits before it looks again,
   * should the wake-up that follows the fetch be lost.
   */
  static final Duration FETCH_RECHECK = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(FederatedTrustDomainReconciler.class);

  private final BundleSourceReader reader;
  private final EndpointFetches endpoints;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;

  public FederatedTrustDomainReconciler(
      BundleSourceReader reader,
      EndpointFetches endpoints,
      StatusWriter statusWriter,
      EventRecorder events,
      Clock clock) {
    this.reader = reader;
    this.endpoints = endpoints;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  /**
   * A bundle read from a source, and when to read the source again (empty: on a spec change).
   *
   * @param sequence the sequence a later bundle from this source must not go below: the bundle's
   *     own, or, from an endpoint, the last one accepted when the bundle has none
   */
  record Loaded(
      TrustBundle bundle, Optional<Duration> refreshIn, String from, OptionalLong sequence) {
    Loaded(TrustBundle bundle, Optional<Duration> refreshIn, String from) {
      this(bundle, refreshIn, from, bundle.sequence());
    }
  }

  @Override
  public List<EventSource<?, FederatedTrustDomain>> prepareEventSources(
      EventSourceContext<FederatedTrustDomain> context) {
    endpoints.attach(context.getPrimaryCache());
    return List.of(endpoints.wakeups());
  }

  @Override
  public UpdateControl<FederatedTrustDomain> reconcile(
      FederatedTrustDomain ftd, Context<FederatedTrustDomain> context) {
    Instant now = Instant.now(clock);
    Optional<Duration> notDue = endpoints.notDueFor(ftd, now);
    if (notDue.isPresent()) {
      return recheckAfter(notDue.get());
    }
    FederatedTrustDomainStatus next = FederatedStatuses.carryOver(ftd.getStatus());
    Condition ready;
    Duration recheck = null;
    try {
      FederatedTrustDomainSpec spec = readableSpec(ftd);
      FederatedStatuses.requireRecordedTrustDomain(next, spec.getTrustDomain());
      TrustDomainName trustDomain = trustDomain(spec);
      requireFirstFor(ftd, trustDomain, context);
      Optional<Loaded> fetched = load(ftd, spec.getBundle(), trustDomain);
      if (fetched.isEmpty()) {
        return recheckAfter(FETCH_RECHECK); // the fetch wakes this one up when it ends
      }
      Loaded loaded = fetched.get();
      FederatedStatuses.accepted(next, loaded, now);
      ready =
          Conditions.ready(
              true, Reasons.BUNDLE_IN_USE, FederatedStatuses.inUse(next, loaded), generation(ftd));
      recheck = loaded.refreshIn().orElse(null);
    } catch (BadInputException e) {
      endpoints.forget(ftd);
      String message = FederatedStatuses.refused(next, e);
      ready = Conditions.ready(false, e.reason(), message, generation(ftd));
      // Nothing tells this one when the older one for its trust domain goes away.
      recheck = Reasons.DUPLICATE_TRUST_DOMAIN.equals(e.reason()) ? DUPLICATE_RECHECK : null;
    } catch (SourceUnavailableException e) {
      Duration retry = endpoints.retryAfterFailure(ftd);
      FederatedStatuses.failed(next, e.getMessage(), now, now.plus(retry));
      ready = FederatedStatuses.afterFailure(next, e, generation(ftd));
      recheck = retry;
    }
    writeStatus(ftd, next, ready, context);
    return recheck == null ? UpdateControl.noUpdate() : recheckAfter(recheck);
  }

  private static UpdateControl<FederatedTrustDomain> recheckAfter(Duration delay) {
    return UpdateControl.<FederatedTrustDomain>noUpdate().rescheduleAfter(delay);
  }

  /**
   * The bundle from the source; empty while an endpoint fetch is under way (it runs on a thread of
   * its own, see {@link EndpointFetches}).
   */
  private Optional<Loaded> load(
      FederatedTrustDomain ftd, BundleSource source, TrustDomainName trustDomain)
      throws BadInputException, SourceUnavailableException {
    if (source == null) {
      throw new BadInputException(
          Reasons.INVALID_SPEC, "spec.bundle is missing; say where the bundle comes from");
    }
    if (source.getEndpoint() != null) {
      return endpoints.load(ftd, source.getEndpoint(), trustDomain, reader);
    }
    endpoints.forget(ftd);
    TrustBundle bundle =
        reader.read(
            source.getSpiffeJson(),
            source.getPem(),
            source.getConfigMap(),
            trustDomain,
            "spec.bundle");
    boolean fromConfigMap = source.getConfigMap() != null;
    return Optional.of(
        new Loaded(
            bundle,
            fromConfigMap ? Optional.of(CONFIG_MAP_REFRESH) : Optional.empty(),
            fromConfigMap ? "ConfigMap" : "spec.bundle"));
  }

  /**
   * Refuses a FederatedTrustDomain when an older one names the same trust domain: only the oldest
   * one's bundle is used (see {@link FederatedBundles#first}).
   */
  private static void requireFirstFor(
      FederatedTrustDomain ftd, TrustDomainName trustDomain, Context<FederatedTrustDomain> context)
      throws BadInputException {
    Optional<FederatedTrustDomain> first =
        FederatedBundles.first(context.getPrimaryCache().list().toList(), trustDomain.name());
    if (first.isPresent()
        && !first.get().getMetadata().getName().equals(ftd.getMetadata().getName())) {
      throw new BadInputException(
          Reasons.DUPLICATE_TRUST_DOMAIN,
          "FederatedTrustDomain "
              + first.get().getMetadata().getName()
              + ", created earlier, already gives the bundle of "
              + trustDomain
              + "; this one is not used. Delete one of them");
    }
  }

  private static FederatedTrustDomainSpec readableSpec(FederatedTrustDomain ftd)
      throws BadInputException {
    FederatedTrustDomainSpec spec = ftd.getSpec();
    if (spec == null) {
      throw new BadInputException(
          Reasons.INVALID_SPEC, "spec is missing; set spec.trustDomain and spec.bundle");
    }
    if (spec.parseProblem() != null) {
      throw new BadInputException(Reasons.INVALID_SPEC, spec.parseProblem());
    }
    return spec;
  }

  private static TrustDomainName trustDomain(FederatedTrustDomainSpec spec)
      throws BadInputException {
    try {
      return new TrustDomainName(spec.getTrustDomain());
    } catch (InvalidSpiffeIdException | NullPointerException e) {
      throw new BadInputException(
          Reasons.INVALID_TRUST_DOMAIN,
          "spec.trustDomain: "
              + (spec.getTrustDomain() == null ? "missing" : e.getMessage())
              + "; write the foreign trust domain's name, such as partner.org");
    }
  }

  private static Long generation(FederatedTrustDomain ftd) {
    return ftd.getMetadata().getGeneration();
  }

  private void writeStatus(
      FederatedTrustDomain ftd,
      FederatedTrustDomainStatus next,
      Condition ready,
      Context<FederatedTrustDomain> context) {
    FederatedTrustDomainStatus current = ftd.getStatus();
    List<Condition> before = current == null ? List.of() : current.getConditions();
    next.setObservedGeneration(generation(ftd));
    next.setConditions(Conditions.with(before, ready, clock));
    if (Conditions.changed(before, ready)) {
      announce(ftd, ready);
    }
    if (current == null || !Statuses.sameJson(current, next)) {
      statusWriter.write(ftd, next, context);
    }
  }

  private void announce(FederatedTrustDomain ftd, Condition ready) {
    if (Condition.TRUE.equals(ready.getStatus())) {
      log.info("Federated trust domain {}: {}", ftd.getMetadata().getName(), ready.getMessage());
      events.normal(ftd, ready.getReason(), ready.getMessage());
      return;
    }
    log.warn(
        "Federated trust domain {} ({}): {}",
        ftd.getMetadata().getName(),
        ready.getReason(),
        ready.getMessage());
    events.warning(ftd, ready.getReason(), ready.getMessage());
  }

  @Override
  public ErrorStatusUpdateControl<FederatedTrustDomain> updateErrorStatus(
      FederatedTrustDomain ftd, Context<FederatedTrustDomain> context, Exception e) {
    log.warn(
        "Reconciling federated trust domain failed, will retry: {}", ErrorMessages.describe(e));
    return AfterRetries.recheckAfter(context, CONFIG_MAP_REFRESH);
  }
}
