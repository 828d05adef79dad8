package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.BundleEndpointSpec;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches FederatedTrustDomains' bundles from their bundle endpoints, each when its refresh hint
 * says, and backs off on failures: 10 s doubling to 5 minutes, never later than the hint. Fetches
 * run on threads of their own ({@link FetchRunner}), never on a reconcile thread: a reconcile that
 * finds a fetch due starts it and returns; when it ends, the FederatedTrustDomain is woken and the
 * next reconcile takes the outcome.
 */
public final class EndpointFetches implements AutoCloseable {
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

  private final FetchSettings settings;
  private final Clock clock;
  private final Map<ResourceID, Integer> failures = new ConcurrentHashMap<>();
  private final FetchWakeups wakeups = new FetchWakeups();
  private final FetchRunner runner;
  private volatile Cache<FederatedTrustDomain> known;
  private final VsidMetrics metrics;

  public EndpointFetches(FetchSettings settings, Clock clock, VsidMetrics metrics) {
    this.settings = settings;
    this.clock = clock;
    this.runner = new FetchRunner(FetchRunner.THREADS, wakeups::wake);
    this.metrics = metrics;
  }

  /** The event source that wakes a FederatedTrustDomain whose fetch has ended. */
  FetchWakeups wakeups() {
    return wakeups;
  }

  /** The FederatedTrustDomains that exist: what is kept for the others is dropped. */
  void attach(Cache<FederatedTrustDomain> cache) {
    this.known = cache;
  }

  /**
   * How long until the endpoint of {@code ftd} is due, when it is not due yet: its spec was seen,
   * no fetch is under way or waits to be taken, the bundle kept is recorded as the spec's trust
   * domain's, and the time its status gives for the next fetch is still ahead.
   */
  Optional<Duration> notDueFor(FederatedTrustDomain ftd, Instant now) {
    FederatedTrustDomainStatus status = ftd.getStatus();
    boolean endpoint =
        ftd.getSpec() != null
            && ftd.getSpec().getBundle() != null
            && ftd.getSpec().getBundle().getEndpoint() != null;
    if (!endpoint
        || runner.holds(ResourceID.fromResource(ftd))
        || status == null
        || !heldForSpec(ftd)
        || status.getNextRefreshTime() == null
        || !Objects.equals(status.getObservedGeneration(), ftd.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    try {
      Instant due = Instant.parse(status.getNextRefreshTime());
      return due.isAfter(now) ? Optional.of(Duration.between(now, due)) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** True when the status holds no bundle, or one it records as the spec's trust domain's. */
  private static boolean heldForSpec(FederatedTrustDomain ftd) {
    FederatedTrustDomainStatus status = ftd.getStatus();
    return status.getBundle() == null
        || Objects.equals(status.getTrustDomain(), ftd.getSpec().getTrustDomain());
  }

  /**
   * The bundle of the fetch that ended for {@code ftd} as it is now; else empty, after starting a
   * fetch when none is under way.
   *
   * @throws SourceUnavailableException when the fetch failed, or a source the fetch needs cannot be
   *     read now
   */
  Optional<FederatedTrustDomainReconciler.Loaded> load(
      FederatedTrustDomain ftd,
      BundleEndpointSpec spec,
      TrustDomainName trustDomain,
      BundleSourceReader reader)
      throws BadInputException, SourceUnavailableException {
    ResourceID id = ResourceID.fromResource(ftd);
    FetchRunner.Basis basis = FetchRunner.Basis.of(ftd);
    Optional<FetchRunner.Outcome> outcome = runner.take(id, basis);
    if (outcome.isPresent()) {
      return Optional.of(applied(id, trustDomain, outcome.get()));
    }
    if (!runner.holds(id)) {
      start(ftd, spec, trustDomain, reader, basis);
    }
    return Optional.empty();
  }

  /** Drops what is under way for {@code ftd}: its source is not an endpoint now, or not used. */
  void forget(FederatedTrustDomain ftd) {
    runner.forget(ResourceID.fromResource(ftd));
  }

  @Override
  public void close() {
    runner.close();
  }

  private FederatedTrustDomainReconciler.Loaded applied(
      ResourceID id, TrustDomainName trustDomain, FetchRunner.Outcome outcome)
      throws SourceUnavailableException {
    try {
      FederatedTrustDomainReconciler.Loaded loaded = outcome.get();
      failures.remove(id);
      metrics.federatedFetch(trustDomain.name(), true);
      return loaded;
    } catch (BundleFetchException e) {
      failures.merge(id, 1, Integer::sum);
      metrics.federatedFetch(trustDomain.name(), false);
      throw new SourceUnavailableException(e.failure().reason(), e.getMessage());
    }
  }

  /** Reads what the fetch needs here, on the reconcile thread, and queues the network part. */
  private void start(
      FederatedTrustDomain ftd,
      BundleEndpointSpec spec,
      TrustDomainName trustDomain,
      BundleSourceReader reader,
      FetchRunner.Basis basis)
      throws BadInputException, SourceUnavailableException {
    EndpointProfile profile = profile(spec, reader);
    BundleEndpoint endpoint = endpoint(trustDomain, spec, profile);
    FetchState state = state(ftd, spec, trustDomain, reader);
    BundleEndpointClient client = new BundleEndpointClient(endpoint, settings, clock);
    String from = "bundle endpoint " + Text.quote(spec.getUrl());
    forgetGone();
    runner.start(
        ResourceID.fromResource(ftd),
        basis,
        () -> {
          FetchedBundle fetched = client.fetch(state);
          return new FederatedTrustDomainReconciler.Loaded(
              fetched.bundle(),
              Optional.of(fetched.refreshHint()),
              from,
              state.after(fetched).lastSequence());
        });
  }

  /** Drops fetches and failure counts kept for FederatedTrustDomains deleted since. */
  private void forgetGone() {
    Cache<FederatedTrustDomain> cache = known;
    if (cache == null) {
      return;
    }
    runner.forgetIf(
        (id, uid) ->
            cache.get(id).map(f -> !Objects.equals(uid, f.getMetadata().getUid())).orElse(true));
    failures.keySet().removeIf(id -> cache.get(id).isEmpty());
  }

  /** How long to wait after a failed attempt: 10 s doubling with each failure, up to 5 minutes. */
  Duration retryAfterFailure(FederatedTrustDomain ftd) {
    int count = failures.getOrDefault(ResourceID.fromResource(ftd), 1);
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(count - 1, 10));
    return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
  }

  private static EndpointProfile profile(BundleEndpointSpec spec, BundleSourceReader reader)
      throws BadInputException, SourceUnavailableException {
    String name = spec.getProfile();
    if ("https_web".equals(name)) {
      if (spec.getCaCertificates() == null) {
        return EndpointProfile.webPki();
      }
      String pem =
          reader.certificates(spec.getCaCertificates(), "spec.bundle.endpoint.caCertificates");
      try {
        return EndpointProfile.webPki(pem);
      } catch (BundleFetchException e) {
        throw new BadInputException(
            Reasons.INVALID_SPEC, "spec.bundle.endpoint.caCertificates: " + e.getMessage());
      }
    }
    if ("https_spiffe".equals(name)) {
      return EndpointProfile.spiffe(endpointId(spec));
    }
    throw new BadInputException(
        Reasons.INVALID_SPEC,
        "spec.bundle.endpoint.profile "
            + (name == null ? "is missing" : Text.quote(name) + " is not known")
            + "; use https_web or https_spiffe");
  }

  private static SpiffeId endpointId(BundleEndpointSpec spec) throws BadInputException {
    if (spec.getSpiffeId() == null) {
      throw new BadInputException(
          Reasons.INVALID_SPEC,
          "spec.bundle.endpoint.spiffeId is missing; https_spiffe needs the SPIFFE ID the"
              + " endpoint server presents");
    }
    try {
      return SpiffeId.parse(spec.getSpiffeId());
    } catch (InvalidSpiffeIdException e) {
      throw new BadInputException(
          Reasons.INVALID_SPEC, "spec.bundle.endpoint.spiffeId: " + e.getMessage());
    }
  }

  private static BundleEndpoint endpoint(
      TrustDomainName trustDomain, BundleEndpointSpec spec, EndpointProfile profile)
      throws BadInputException {
    try {
      return BundleEndpoint.of(trustDomain, spec.getUrl(), profile);
    } catch (BundleFetchException e) {
      throw new BadInputException(
          Reasons.INVALID_SPEC, "spec.bundle.endpoint.url: " + e.getMessage());
    }
  }

  /**
   * What the fetch starts from: for https_spiffe, the bundle that authenticates the server (the
   * last one fetched when the server is of this trust domain, else the initial bundle), and the
   * last sequence accepted.
   */
  private static FetchState state(
      FederatedTrustDomain ftd,
      BundleEndpointSpec spec,
      TrustDomainName trustDomain,
      BundleSourceReader reader)
      throws BadInputException, SourceUnavailableException {
    FederatedTrustDomainStatus status = ftd.getStatus();
    Optional<TrustBundle> last = FederatedBundles.inStatus(status, trustDomain);
    OptionalLong sequence =
        status == null || status.getSequence() == null
            ? OptionalLong.empty()
            : OptionalLong.of(status.getSequence());
    if (!"https_spiffe".equals(spec.getProfile())) {
      return new FetchState(Optional.empty(), sequence);
    }
    TrustDomainName serverDomain = endpointId(spec).trustDomain();
    if (serverDomain.equals(trustDomain) && last.isPresent()) {
      return new FetchState(Optional.of(withInitial(last.get(), spec, reader)), sequence);
    }
    TrustBundle initial =
        reader.read(spec.getInitialBundle(), serverDomain, "spec.bundle.endpoint.initialBundle");
    return new FetchState(Optional.of(initial), sequence);
  }

  /**
   * The last bundle fetched, with the roots of the initial bundle as it is now. A peer whose CA
   * changed while this side could not fetch (a rotation missed in full, a lost CA) presents a
   * certificate that the last bundle cannot verify; putting the peer's current bundle in the
   * initial bundle's source then lets the next fetch through, without recreating anything. An
   * initial bundle that cannot be read now leaves the last bundle alone.
   */
  private static TrustBundle withInitial(
      TrustBundle last, BundleEndpointSpec spec, BundleSourceReader reader) {
    if (spec.getInitialBundle() == null) {
      return last;
    }
    TrustBundle initial;
    try {
      initial =
          reader.read(
              spec.getInitialBundle(), last.trustDomain(), "spec.bundle.endpoint.initialBundle");
    } catch (BadInputException | SourceUnavailableException e) {
      return last;
    }
    Map<String, X509Certificate> roots = new LinkedHashMap<>();
    for (X509Certificate root : last.authorities()) {
      roots.putIfAbsent(Fingerprints.sha256(root), root);
    }
    for (X509Certificate root : initial.authorities()) {
      roots.putIfAbsent(Fingerprints.sha256(root), root);
    }
    return last.withAuthorities(roots.values());
  }
}
