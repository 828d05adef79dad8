package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One local trust domain served by a {@link BundleEndpointServer}, on its own listener: where it
 * listens, how clients authenticate it, and two callbacks asked on every request and every TLS
 * handshake, so that a new bundle or a renewed certificate is served at once without a restart.
 * Both callbacks should return a cached value quickly; returning null, or throwing, makes the
 * request fail (503) or the handshake fail, and is logged.
 *
 * @param profile {@link Profile#HTTPS_SPIFFE} requires the credential to be an X509-SVID of {@code
 *     trustDomain}: anything else is not presented and handshakes fail
 */
public record ServedTrustDomain(
    TrustDomainName trustDomain,
    InetSocketAddress bindAddress,
    Profile profile,
    Supplier<TrustBundle> bundle,
    Supplier<ServingCredential> credential) {

  /** How clients authenticate this listener. */
  public enum Profile {
    /** The listener presents an X509-SVID of the served trust domain. */
    HTTPS_SPIFFE,
    /** The listener presents a web PKI certificate; clients check the host name. */
    HTTPS_WEB
  }

  public ServedTrustDomain {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(credential, "credential");
  }

  @Override
  public String toString() {
    return "ServedTrustDomain[" + trustDomain + " on " + bindAddress + ", " + profile + "]";
  }
}
