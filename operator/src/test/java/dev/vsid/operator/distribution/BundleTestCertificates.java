package dev.vsid.operator.distribution;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Certificates for bundle tests. */
final class BundleTestCertificates {
  private BundleTestCertificates() {}

  /** A freshly generated root of {@code trustDomain}, as PEM. */
  static String otherRootPem(String trustDomain) {
    CertificateAuthority root =
        CertificateAuthority.generateRoot(
            new TrustDomainName(trustDomain),
            KeyType.EC_P256,
            Duration.ofDays(30),
            Clock.systemUTC());
    return Pem.encodeCertificates(List.of(root.certificate()));
  }
}
