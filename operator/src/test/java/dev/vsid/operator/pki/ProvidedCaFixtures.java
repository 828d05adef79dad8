package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.TrustDomainName;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** CA material as a user would put it in a Secret for spec.ca.secretName. */
public final class ProvidedCaFixtures {
  private ProvidedCaFixtures() {}

  /** A root CA for {@code trustDomain}. */
  public static CertificateAuthority root(String trustDomain, Duration ttl) {
    return CertificateAuthority.generateRoot(
        new TrustDomainName(trustDomain), KeyType.EC_P256, ttl, Clock.systemUTC());
  }

  /**
   * An intermediate for example.org under {@code root}, valid for 30 days (well above the hour of
   * life a provided CA must have left).
   */
  public static CertificateAuthority intermediate(CertificateAuthority root) throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    java.time.Instant now = java.time.Instant.now();
    X509Certificate cert =
        TestCertificate.caSignedBy(root, keys, "spiffe://example.org")
            .validity(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(30)))
            .build();
    return CertificateAuthority.fromPem(
        new TrustDomainName("example.org"),
        Pem.encodeCertificates(List.of(cert, root.certificate())),
        Pem.encodePrivateKey(keys.getPrivate()),
        Pem.encodeCertificates(root.roots()));
  }

  /** A certificate under {@code root} that is not a CA (basicConstraints CA:FALSE). */
  public static Map<String, String> notACa(CertificateAuthority root) throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate cert =
        TestCertificate.caSignedBy(root, keys, "spiffe://example.org").ca(false).build();
    return data(List.of(cert), keys, root.roots());
  }

  /** The Secret data (base64) of {@code ca}: tls.crt, tls.key, ca.crt. */
  public static Map<String, String> data(CertificateAuthority ca) {
    return Map.of(
        "tls.crt", base64(Pem.encodeCertificates(ca.chain())),
        "tls.key", base64(Pem.encodePrivateKey(ca.privateKey())),
        "ca.crt", base64(Pem.encodeCertificates(ca.roots())));
  }

  private static Map<String, String> data(
      List<X509Certificate> chain, KeyPair keys, List<X509Certificate> roots) {
    return Map.of(
        "tls.crt", base64(Pem.encodeCertificates(chain)),
        "tls.key", base64(Pem.encodePrivateKey(keys.getPrivate())),
        "ca.crt", base64(Pem.encodeCertificates(roots)));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
