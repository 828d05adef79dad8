package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.pki.SvidRequest;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * CAs, SVIDs and bundles for the federation tests: trust domain {@code td-a} serves its bundle,
 * {@code td-b} is another one. Everything uses the real clock, so that openssl and the JDK judge
 * the certificates as issued.
 */
final class FederationFixtures {
  static final TrustDomainName TD_A = new TrustDomainName("td-a");
  static final TrustDomainName TD_B = new TrustDomainName("td-b");
  static final SpiffeId ENDPOINT_A = SpiffeId.parse("spiffe://td-a/bundle-endpoint");
  static final SpiffeId OTHER_A = SpiffeId.parse("spiffe://td-a/not-the-endpoint");

  private FederationFixtures() {}

  static CertificateAuthority newCa(TrustDomainName trustDomain) {
    return CertificateAuthority.generateRoot(
        trustDomain, KeyType.EC_P256, Duration.ofDays(2), Clock.systemUTC());
  }

  /** An SVID of {@code id} signed by {@code ca}, valid for an hour, with these DNS names. */
  static Svid svid(CertificateAuthority ca, SpiffeId id, String... dnsNames) {
    SvidIssuer issuer = new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(30));
    try {
      return issuer.issue(
          new SvidRequest(id, List.of(dnsNames), KeyType.EC_P256, Duration.ofHours(1)), ca);
    } catch (PkiException e) {
      throw new AssertionError("the test SVID could not be issued: " + e.getMessage(), e);
    }
  }

  /** The bundle of {@code ca}'s trust domain holding its roots. */
  static TrustBundle bundleOf(CertificateAuthority ca) {
    return TrustBundle.of(ca.trustDomain(), ca.roots());
  }

  static BundleEndpoint spiffeEndpoint(String url, SpiffeId endpointId) {
    try {
      return BundleEndpoint.of(TD_A, url, EndpointProfile.spiffe(endpointId));
    } catch (BundleFetchException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static BundleEndpointClient client(BundleEndpoint endpoint) {
    return new BundleEndpointClient(endpoint, FetchSettings.DEFAULTS, Clock.systemUTC());
  }
}
