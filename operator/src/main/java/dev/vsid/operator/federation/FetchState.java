package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the caller knows before a fetch: the bundle that authenticates an {@code https_spiffe}
 * server (the bundle of the endpoint SPIFFE ID's trust domain: first a configured initial bundle,
 * later the last one fetched) and the sequence of the last bundle accepted from this endpoint. The
 * client keeps no state of its own; the caller stores this between fetches.
 */
public record FetchState(Optional<TrustBundle> endpointBundle, OptionalLong lastSequence) {
  public FetchState {
    Objects.requireNonNull(endpointBundle, "endpointBundle");
    Objects.requireNonNull(lastSequence, "lastSequence");
  }

  /** Nothing known: a first fetch from an {@code https_web} endpoint. */
  public static FetchState none() {
    return new FetchState(Optional.empty(), OptionalLong.empty());
  }

  /** A first fetch from an {@code https_spiffe} endpoint, trusting {@code initialBundle}. */
  public static FetchState initial(TrustBundle initialBundle) {
    return new FetchState(Optional.of(initialBundle), OptionalLong.empty());
  }

  /**
   * The state after {@code fetched} was accepted: its sequence becomes the last one (an absent
   * sequence keeps the previous one), and when it is a bundle of the trust domain that
   * authenticates the server, it authenticates the next fetch.
   */
  public FetchState after(FetchedBundle fetched) {
    TrustBundle bundle = fetched.bundle();
    OptionalLong sequence = bundle.sequence().isPresent() ? bundle.sequence() : lastSequence;
    boolean sameTrustDomain =
        endpointBundle.map(b -> b.trustDomain().equals(bundle.trustDomain())).orElse(false);
    return new FetchState(sameTrustDomain ? Optional.of(bundle) : endpointBundle, sequence);
  }
}
