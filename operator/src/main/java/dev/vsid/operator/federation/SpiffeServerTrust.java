package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.pki.X509SvidVerifier;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLEngine;

/**
 * {@code https_spiffe}: the server must present an X509-SVID that verifies, at the clock's instant,
 * against the bundle of the endpoint SPIFFE ID's trust domain, and whose SPIFFE ID is the
 * configured one. The host name is not checked: the SPIFFE ID is the server's identity.
 */
final class SpiffeServerTrust extends ServerTrust {
  private final SpiffeId endpointId;
  private final TrustBundle endpointBundle;
  private final Clock clock;

  SpiffeServerTrust(SpiffeId endpointId, TrustBundle endpointBundle, Clock clock) {
    if (!endpointBundle.trustDomain().equals(endpointId.trustDomain())) {
      throw new IllegalArgumentException(
          "the bundle of " + endpointBundle.trustDomain() + " cannot authenticate " + endpointId);
    }
    this.endpointId = endpointId;
    this.endpointBundle = endpointBundle;
    this.clock = clock;
  }

  @Override
  void checkServer(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    Map<TrustDomainName, Collection<X509Certificate>> bundles =
        Map.of(endpointBundle.trustDomain(), endpointBundle.authorities());
    try {
      SpiffeId presented = X509SvidVerifier.verifyChain(List.of(chain), bundles, clock.instant());
      X509SvidVerifier.verifySpiffeId(presented, Set.of(endpointId));
    } catch (SvidCheckException e) {
      throw new CertificateException(e.getMessage());
    }
  }

  @Override
  String advice() {
    return "check the configured endpoint SPIFFE ID and that the bundle of trust domain "
        + endpointBundle.trustDomain()
        + " that authenticates the server is current";
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return endpointBundle.authorities().toArray(new X509Certificate[0]);
  }
}
