package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.testing.ConformanceData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Roots and SVIDs shared by the test classes of this package, made once per JVM and key type (RSA
 * 4096 key generation takes seconds). They use the real clock, so that openssl and java-spiffe,
 * which check validity against the current time, judge them as issued.
 */
final class PkiFixtures {
  static final TrustDomainName EXAMPLE_ORG = TrustDomainName.parse("example.org");
  static final SpiffeId WEB = SpiffeId.parse("spiffe://example.org/ns/default/sa/web");
  static final List<String> WEB_DNS = List.of("web.default.svc", "web.default.svc.cluster.local");

  private static final Map<KeyType, CertificateAuthority> ROOTS = new ConcurrentHashMap<>();
  private static final Map<KeyType, Svid> SVIDS = new ConcurrentHashMap<>();

  private PkiFixtures() {}

  /** A root for example.org with a key of {@code type}, valid for two days. */
  static CertificateAuthority root(KeyType type) {
    return ROOTS.computeIfAbsent(
        type,
        t ->
            CertificateAuthority.generateRoot(
                EXAMPLE_ORG, t, Duration.ofDays(2), Clock.systemUTC()));
  }

  /** An SVID for {@link #WEB} with {@link #WEB_DNS}, key and root both of {@code type}. */
  static Svid svid(KeyType type) {
    return SVIDS.computeIfAbsent(type, PkiFixtures::issue);
  }

  private static Svid issue(KeyType type) {
    SvidIssuer issuer = new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(10));
    try {
      return issuer.issue(new SvidRequest(WEB, WEB_DNS, type, Duration.ofHours(1)), root(type));
    } catch (PkiException e) {
      throw new AssertionError("the fixture SVID could not be issued: " + e.getMessage(), e);
    }
  }

  /** The conformance data kept in the test resources. */
  static Path conformanceDir() {
    return ConformanceData.dir();
  }

  /** The go-spiffe X509-SVID fixtures. */
  static Path x509SvidFixtures() {
    return conformanceDir().resolve("testdata/go-spiffe/svid/x509svid/testdata");
  }
}
