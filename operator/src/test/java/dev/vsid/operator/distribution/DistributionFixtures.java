package dev.vsid.operator.distribution;

import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** TrustDomains, roots and bundles shared by the distribution tests; roots are made once. */
final class DistributionFixtures {
  static final TrustDomainName EXAMPLE_ORG = TrustDomainName.parse("example.org");
  static final TrustDomainName EXAMPLE_COM = TrustDomainName.parse("example.com");
  static final String UID = "0b6c3c2e-6f0e-4d6e-9d43-5f6f0c1e2a11";

  private static final Map<String, X509Certificate> ROOTS = new ConcurrentHashMap<>();

  private DistributionFixtures() {}

  /**
   * A root CA certificate named {@code label}, the same one for the whole run. It uses the real
   * clock, so that openssl and java-spiffe see it as valid now.
   */
  static X509Certificate root(String label, KeyType type) {
    return ROOTS.computeIfAbsent(
        label + "/" + type,
        k ->
            CertificateAuthority.generateRoot(
                    EXAMPLE_ORG, type, Duration.ofDays(2), Clock.systemUTC())
                .certificate());
  }

  static X509Certificate rootA() {
    return root("a", KeyType.EC_P256);
  }

  static X509Certificate rootB() {
    return root("b", KeyType.RSA_2048);
  }

  static X509Certificate rootC() {
    return root("c", KeyType.EC_P384);
  }

  /** The bundle of example.org with these roots, a 5 minute refresh hint and {@code sequence}. */
  static TrustBundle bundle(long sequence, X509Certificate... roots) {
    return TrustBundle.of(EXAMPLE_ORG, List.of(roots))
        .withRefreshHint(Duration.ofMinutes(5))
        .withSequence(sequence);
  }

  /** A TrustDomain resource named {@code name} with {@link #UID}, for example.org. */
  static TrustDomain trustDomain(String name) {
    return trustDomain(name, bundle -> {});
  }

  /** A TrustDomain resource whose bundle settings {@code edit} fills in. */
  static TrustDomain trustDomain(String name, Consumer<BundleSpec> edit) {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName(name).withUid(UID).build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain(EXAMPLE_ORG.name());
    BundleSpec bundle = new BundleSpec();
    edit.accept(bundle);
    spec.setBundle(bundle);
    td.setSpec(spec);
    return td;
  }
}
