package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.EndpointProfile.HttpsSpiffe;
import dev.vsid.operator.federation.EndpointProfile.HttpsWeb;
import java.time.Clock;
import java.util.Objects;

/**
 * Fetches a foreign trust domain's bundle from its SPIFFE bundle endpoint (SPIFFE Federation §5)
 * and accepts it only when the server is the configured one and the bundle is well formed, not
 * empty, of the configured trust domain and not older than the last one accepted. Holds no state
 * between fetches: the caller passes what it knows as a {@link FetchState}. Safe to use from
 * several threads.
 */
public final class BundleEndpointClient {
  private final BundleEndpoint endpoint;
  private final FetchSettings settings;
  private final Clock clock;

  public BundleEndpointClient(BundleEndpoint endpoint, FetchSettings settings, Clock clock) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public BundleEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Fetches and checks the bundle.
   *
   * @throws BundleFetchException with a message for a status field and a {@link FetchFailure}
   */
  public FetchedBundle fetch(FetchState state) throws BundleFetchException {
    Objects.requireNonNull(state, "state");
    ServerTrust trust = serverTrust(state);

    byte[] body = new HttpsGet(endpoint, settings, trust).body();

    TrustBundle bundle = new ServedBundleChecks(endpoint).accept(body, state.lastSequence());
    return new FetchedBundle(bundle, RefreshHints.effective(bundle.refreshHint()), clock.instant());
  }

  private ServerTrust serverTrust(FetchState state) throws BundleFetchException {
    EndpointProfile profile = endpoint.profile();
    if (profile instanceof HttpsWeb) {
      return new WebServerTrust((HttpsWeb) profile);
    }
    HttpsSpiffe spiffe = (HttpsSpiffe) profile;
    TrustBundle bundle = endpointBundle(spiffe, state);
    return new SpiffeServerTrust(spiffe.endpointId(), bundle, clock);
  }

  private TrustBundle endpointBundle(HttpsSpiffe spiffe, FetchState state)
      throws BundleFetchException {
    String trustDomain = spiffe.endpointId().trustDomain().name();
    TrustBundle bundle = state.endpointBundle().orElse(null);
    if (bundle == null || !bundle.trustDomain().equals(spiffe.endpointId().trustDomain())) {
      throw new BundleFetchException(
          FetchFailure.INVALID_ENDPOINT,
          endpoint.describe()
              + ": no bundle of trust domain "
              + trustDomain
              + " to authenticate the server "
              + spiffe.endpointId()
              + "; configure an initial bundle for it");
    }
    if (bundle.isEmpty()) {
      throw new BundleFetchException(
          FetchFailure.INVALID_ENDPOINT,
          endpoint.describe()
              + ": the bundle of trust domain "
              + trustDomain
              + " that must authenticate the server holds no authority");
    }
    return bundle;
  }
}
