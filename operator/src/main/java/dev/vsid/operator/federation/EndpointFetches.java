package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.BundleEndpointSpec;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches FederatedTrustDomains' bundles from their bundle endpoints, each when its refresh hint
 * says, and backs off on failures: 10 s doubling to 5 minutes, never later than the hint.
 */
public final class EndpointFetches {
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

  private final FetchSettings settings;
  private final Clock clock;
  private final VsidMetrics metrics;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public EndpointFetches(FetchSettings settings, Clock clock, VsidMetrics metrics) {
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * How long until the endpoint of {@code ftd} is due, when it is not due yet: its spec was seen,
   * and the time its status gives for the next fetch is still ahead.
   */
  Optional<Duration> notDueFor(FederatedTrustDomain ftd, Instant now) {
    FederatedTrustDomainStatus status = ftd.getStatus();
    boolean endpoint =
        ftd.getSpec() != null
            && ftd.getSpec().getBundle() != null
            && ftd.getSpec().getBundle().getEndpoint() != null;
    if (!endpoint
        || status == null
        || status.getNextRefreshTime() == null
        || !java.util.Objects.equals(
            status.getObservedGeneration(), ftd.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    try {
      Instant due = Instant.parse(status.getNextRefreshTime());
      return due.isAfter(now) ? Optional.of(Duration.between(now, due)) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  FederatedTrustDomainReconciler.Loaded load(
      FederatedTrustDomain ftd,
      BundleEndpointSpec spec,
      TrustDomainName trustDomain,
      BundleSourceReader reader,
      Instant now)
      throws BadInputException, SourceUnavailableException {
    EndpointProfile profile = profile(spec, reader);
    BundleEndpoint endpoint = endpoint(trustDomain, spec, profile);
    FetchState state = state(ftd, spec, trustDomain, reader);
    FetchedBundle fetched;
    try {
      fetched = new BundleEndpointClient(endpoint, settings, clock).fetch(state);
    } catch (BundleFetchException e) {
      metrics.federatedFetch(trustDomain.name(), false);
      failures.merge(ftd.getMetadata().getName(), 1, Integer::sum);
      throw new SourceUnavailableException(e.failure().reason(), e.getMessage());
    }
    metrics.federatedFetch(trustDomain.name(), true);
    failures.remove(ftd.getMetadata().getName());
    return new FederatedTrustDomainReconciler.Loaded(
        fetched.bundle(),
        Optional.of(fetched.refreshHint()),
        "bundle endpoint " + Text.quote(spec.getUrl()),
        state.after(fetched).lastSequence());
  }

  /** How long to wait after a failed attempt: 10 s doubling with each failure, up to 5 minutes. */
  Duration retryAfterFailure(FederatedTrustDomain ftd) {
    int count = failures.getOrDefault(ftd.getMetadata().getName(), 1);
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
      return new FetchState(last, sequence);
    }
    TrustBundle initial =
        reader.read(spec.getInitialBundle(), serverDomain, "spec.bundle.endpoint.initialBundle");
    return new FetchState(Optional.of(initial), sequence);
  }
}
