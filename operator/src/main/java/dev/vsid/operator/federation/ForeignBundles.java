package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateNames;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.text.Text;
import java.security.cert.X509Certificate;
import java.util.List;

/** What a foreign trust domain's bundle must be to be used, wherever it comes from. */
final class ForeignBundles {
  /**
   * The most roots one foreign bundle may hold. Real bundles hold a few; each root is written three
   * times into bundle ConfigMaps and twice into every SVID Secret of the trust domains that trust
   * it, and an object over 1 MiB is refused by the API server, so a partner sending hundreds would
   * stop renewals everywhere.
   */
  static final int MAX_ROOTS = 32;

  private ForeignBundles() {}

  /**
   * Refuses an empty bundle, and one with an authority whose SPIFFE URI names another trust domain
   * than the bundle's.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static void requireUsable(TrustBundle bundle) {
    if (bundle.isEmpty()) {
      throw new IllegalArgumentException(
          "it holds no X.509 authority for trust domain " + bundle.trustDomain());
    }
    if (bundle.authorities().size() > MAX_ROOTS) {
      throw new IllegalArgumentException(
          "it holds "
              + bundle.authorities().size()
              + " roots, more than the "
              + MAX_ROOTS
              + " a foreign bundle may hold (every root is copied into each trusting workload's"
              + " Secret)");
    }
    for (X509Certificate authority : bundle.authorities()) {
      for (String uri : uris(authority)) {
        String trustDomain = ServedBundleChecks.spiffeTrustDomain(uri);
        if (trustDomain != null && !trustDomain.equals(bundle.trustDomain().name())) {
          throw new IllegalArgumentException(
              "it holds a certificate for another trust domain (URI SAN "
                  + Text.quote(uri)
                  + "), not for "
                  + bundle.trustDomain());
        }
      }
    }
  }

  private static List<String> uris(X509Certificate certificate) {
    try {
      return CertificateNames.uris(certificate);
    } catch (SvidCheckException e) {
      throw new IllegalArgumentException("a certificate's names cannot be read: " + e.getMessage());
    }
  }
}
