package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Intermediate CAs built under a root with Bouncy Castle and loaded through fromPem. */
final class IntermediateCas {
  private IntermediateCas() {}

  /**
   * An EC P-256 intermediate for example.org under {@code root}, loaded from a chain PEM that also
   * holds the root (which {@link CertificateAuthority#chain()} must leave out).
   */
  static CertificateAuthority under(CertificateAuthority root) throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate cert = TestCertificate.caSignedBy(root, keys, "spiffe://example.org").build();
    return CertificateAuthority.fromPem(
        EXAMPLE_ORG,
        Pem.encodeCertificates(List.of(cert, root.certificate())),
        Pem.encodePrivateKey(keys.getPrivate()),
        Pem.encodeCertificates(root.roots()));
  }

  static Svid issueWeb(CertificateAuthority ca) throws PkiException {
    SvidIssuer issuer = new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(10));
    SvidRequest request =
        new SvidRequest(PkiFixtures.WEB, PkiFixtures.WEB_DNS, KeyType.EC_P256, Duration.ofHours(1));
    return issuer.issue(request, ca);
  }
}
