package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyUsage;

/** Creates self-signed SPIFFE root CAs. */
final class RootCaGenerator {
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  static final String ORGANIZATION = "vsid";
  static final int MAX_COMMON_NAME = 64;

  private RootCaGenerator() {}

  static CertificateAuthority generate(
      TrustDomainName trustDomain, KeyType keyType, Duration ttl, Clock clock) {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(keyType, "keyType");
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the CA lifetime must be positive, got " + ttl);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    KeyPair keys = keyType.generate();
    X500Name name = rootName(trustDomain);

    X509Certificate root =
        new CertificateBuilder(name, name, now.minus(CLOCK_SKEW), now.plus(ttl), keys.getPublic())
            .basicConstraints(true)
            .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
            .subjectKeyIdentifier(keys.getPublic())
            .authorityKeyIdentifier(Certificates.keyIdentifier(keys.getPublic()))
            .subjectAlternativeNames(trustDomain.id().toString(), List.of())
            .sign(keys.getPrivate(), keyType);

    selfCheck(root, keys);
    return new CertificateAuthority(
        trustDomain, List.of(root), List.of(root), keys.getPrivate(), keyType);
  }

  private static X500Name rootName(TrustDomainName trustDomain) {
    String commonName = trustDomain.name();
    if (commonName.length() > MAX_COMMON_NAME) {
      commonName = commonName.substring(0, MAX_COMMON_NAME);
    }
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, ORGANIZATION)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  /** A root that fails its own checks is a bug here: fail rather than hand it out. */
  private static void selfCheck(X509Certificate root, KeyPair keys) {
    try {
      X509SvidChecker.checkSigningCertificate(root);
      X509SvidChecker.checkSignedBy(root, root);
    } catch (SvidCheckException e) {
      throw new IllegalStateException("generated root CA failed its check: " + e.getMessage());
    }
    if (!X509SvidChecker.keyMatches(root, keys.getPrivate())) {
      throw new IllegalStateException("generated root CA does not match its private key");
    }
  }
}
