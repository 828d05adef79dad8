package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.ServedEndpointSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Conditions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Helpers for tests of the bundle endpoints the operator serves for its TrustDomains. */
public final class ServedEndpoints {
  private ServedEndpoints() {}

  /** Sets spec.bundleEndpoint.port, a 10 s refresh hint and a propagation delay of 3 hints. */
  public static void withEndpoint(TrustDomainSpec spec, int port) {
    ServedEndpointSpec endpoint = new ServedEndpointSpec();
    endpoint.setPort(port);
    spec.setBundleEndpoint(endpoint);
    dev.vsid.operator.api.v1alpha1.BundleSpec bundle =
        new dev.vsid.operator.api.v1alpha1.BundleSpec();
    bundle.setRefreshHint("10s");
    spec.setBundle(bundle);
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setPropagationDelay("30s");
    CaSpec ca = new CaSpec();
    ca.setRotation(rotation);
    spec.setCa(ca);
  }

  public static Optional<Condition> endpointCondition(TrustDomain td) {
    return td == null || td.getStatus() == null
        ? Optional.empty()
        : Conditions.find(td.getStatus().getConditions(), Condition.BUNDLE_ENDPOINT);
  }

  static boolean serving(TrustDomain td) {
    return endpointCondition(td).map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
  }

  /** Fetches over https_spiffe, authenticating the server with {@code roots}. */
  static FetchedBundle fetch(
      TrustDomainName trustDomain, int port, String host, List<X509Certificate> roots, Clock clock)
      throws BundleFetchException {
    SpiffeId id = EndpointConfig.spiffeId(trustDomain);
    BundleEndpoint endpoint =
        BundleEndpoint.of(
            trustDomain, "https://" + host + ":" + port + "/", EndpointProfile.spiffe(id));
    TrustBundle initial = TrustBundle.of(trustDomain, roots);
    return new BundleEndpointClient(endpoint, FetchSettings.DEFAULTS, clock)
        .fetch(FetchState.initial(initial));
  }

  static String pem(TrustBundle bundle) {
    return PemBundle.write(bundle);
  }
}
