package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies an X509-SVID chain presented by a peer against trust bundles (section C of the
 * conformance cases), the way a workload must: the leaf and intermediates by the X509-SVID profile,
 * then the path by the JDK's PKIX validator against the bundle of the leaf's own trust domain only.
 */
public final class X509SvidVerifier {
  private static final int MAX_IDS_SHOWN = 3;

  private X509SvidVerifier() {}

  /**
   * Verifies {@code chain} (leaf first, then intermediates, optionally up to a root) at {@code at}
   * and returns the leaf's SPIFFE ID. The bundle is picked by the leaf's trust domain; the bundles
   * of other trust domains are never consulted.
   */
  public static SpiffeId verifyChain(
      List<X509Certificate> chain,
      Map<TrustDomainName, Collection<X509Certificate>> bundles,
      Instant at)
      throws SvidCheckException {
    Objects.requireNonNull(bundles, "bundles");
    Objects.requireNonNull(at, "at");
    if (chain == null || chain.isEmpty()) {
      throw new SvidCheckException("empty certificate chain: no leaf certificate was presented");
    }
    SpiffeId id = X509SvidChecker.checkLeaf(chain.get(0));
    checkIntermediates(chain, id.trustDomain());

    Collection<X509Certificate> authorities = bundleOf(id.trustDomain(), bundles);
    try {
      PkixPath.validate(chain, authorities, at);
    } catch (SvidCheckException e) {
      throw new SvidCheckException(
          "the chain does not verify against the X.509 bundle of trust domain \""
              + id.trustDomain()
              + "\": "
              + e.getMessage());
    }
    return id;
  }

  /**
   * Only the path: validity of every certificate at {@code at} and PKIX validation (signatures,
   * names, CA flags, key usage) up to one of {@code authorities}. No SPIFFE rules; for tools that
   * report the path apart from the profile.
   */
  public static void verifyPath(
      List<X509Certificate> chain, Collection<X509Certificate> authorities, Instant at)
      throws SvidCheckException {
    if (chain == null || chain.isEmpty()) {
      throw new SvidCheckException("empty certificate chain: no leaf certificate was presented");
    }
    if (authorities == null || authorities.isEmpty()) {
      throw new SvidCheckException("no authorities to verify the chain against");
    }
    PkixPath.validate(chain, authorities, Objects.requireNonNull(at, "at"));
  }

  /** Checks that a verified peer's ID is one the caller accepts (case C9). */
  public static void verifySpiffeId(SpiffeId actual, Set<SpiffeId> accepted)
      throws SvidCheckException {
    Objects.requireNonNull(actual, "actual");
    if (accepted == null || accepted.isEmpty()) {
      throw new SvidCheckException(
          "the set of accepted SPIFFE IDs is empty, so no SPIFFE ID can be accepted");
    }
    if (!accepted.contains(actual)) {
      throw new SvidCheckException(
          "SPIFFE ID " + actual + " is not accepted; accepted are " + shown(accepted));
    }
  }

  private static void checkIntermediates(List<X509Certificate> chain, TrustDomainName trustDomain)
      throws SvidCheckException {
    for (int i = 1; i < chain.size(); i++) {
      try {
        SigningCertificateRules.check(chain.get(i), trustDomain);
      } catch (SvidCheckException e) {
        throw new SvidCheckException("certificate " + (i + 1) + ": " + e.getMessage());
      }
    }
  }

  private static Collection<X509Certificate> bundleOf(
      TrustDomainName trustDomain, Map<TrustDomainName, Collection<X509Certificate>> bundles)
      throws SvidCheckException {
    Collection<X509Certificate> bundle = bundles.get(trustDomain);
    if (bundle == null) {
      throw new SvidCheckException(
          "no X.509 bundle for trust domain \"" + trustDomain + "\", the leaf's trust domain");
    }
    if (bundle.isEmpty()) {
      throw new SvidCheckException(
          "the X.509 bundle of trust domain \"" + trustDomain + "\" holds no authorities");
    }
    return bundle;
  }

  private static String shown(Set<SpiffeId> ids) {
    String first =
        ids.stream()
            .map(SpiffeId::toString)
            .sorted()
            .limit(MAX_IDS_SHOWN)
            .collect(Collectors.joining(", "));
    int more = ids.size() - MAX_IDS_SHOWN;
    return more > 0 ? first + " and " + more + " more" : first;
  }
}
