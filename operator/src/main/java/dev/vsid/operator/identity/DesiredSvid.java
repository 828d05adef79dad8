package dev.vsid.operator.identity;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.SvidRequest;
import dev.vsid.operator.spiffe.SpiffeId;
import java.time.Duration;
import java.util.List;

/**
 * What an identity's Secret should hold, worked out from its WorkloadIdentity, its TrustDomain and
 * the TrustDomain's CA.
 */
public record DesiredSvid(
    SpiffeId spiffeId,
    List<String> dnsNames,
    KeyType keyType,
    Duration ttl,
    String secretName,
    CertificateAuthority ca) {

  public SvidRequest request() {
    return new SvidRequest(spiffeId, dnsNames, keyType, ttl);
  }

  @Override
  public String toString() {
    return spiffeId + " in Secret " + secretName;
  }
}
