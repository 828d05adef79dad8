package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.BundleFormatException;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateNames;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.text.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a served body must be to be accepted as the endpoint's bundle: UTF-8 text of a valid SPIFFE
 * bundle ({@link SpiffeBundleJson}, strict), with at least one X.509 authority, no authority whose
 * SPIFFE URI names another trust domain, and a sequence not lower than the last one accepted.
 */
final class ServedBundleChecks {
  private static final String SPIFFE_SCHEME = SpiffeId.SCHEME_PREFIX;

  private final BundleEndpoint endpoint;

  ServedBundleChecks(BundleEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  TrustBundle accept(byte[] body, OptionalLong lastSequence) throws BundleFetchException {
    TrustBundle bundle = parse(text(body));
    requireAuthorities(bundle);
    requireFewRoots(bundle);
    requireOwnTrustDomain(bundle);
    requireNoRegression(bundle, lastSequence);
    return bundle;
  }

  private String text(byte[] body) throws BundleFetchException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw refused(FetchFailure.MALFORMED_BUNDLE, "served a body that is not UTF-8 text");
    }
  }

  private TrustBundle parse(String text) throws BundleFetchException {
    try {
      return SpiffeBundleJson.read(endpoint.trustDomain(), text);
    } catch (BundleFormatException e) {
      throw refused(
          FetchFailure.MALFORMED_BUNDLE,
          "served a body that is not a valid SPIFFE bundle: "
              + ServerTrust.shortReason(e.getMessage()));
    }
  }

  private void requireFewRoots(TrustBundle bundle) throws BundleFetchException {
    if (bundle.authorities().size() > ForeignBundles.MAX_ROOTS) {
      throw refused(
          FetchFailure.TOO_LARGE,
          "served a bundle of "
              + bundle.authorities().size()
              + " roots, more than the "
              + ForeignBundles.MAX_ROOTS
              + " a foreign bundle may hold; the bundle accepted before stays in use");
    }
  }

  private void requireAuthorities(TrustBundle bundle) throws BundleFetchException {
    if (bundle.isEmpty()) {
      throw refused(
          FetchFailure.EMPTY_BUNDLE,
          "served a bundle with no X.509 authority for trust domain "
              + endpoint.trustDomain()
              + "; an empty bundle is refused and the bundle accepted before stays in use");
    }
  }

  private void requireOwnTrustDomain(TrustBundle bundle) throws BundleFetchException {
    for (X509Certificate authority : bundle.authorities()) {
      for (String uri : uris(authority)) {
        String trustDomain = spiffeTrustDomain(uri);
        if (trustDomain != null && !trustDomain.equals(endpoint.trustDomain().name())) {
          throw refused(
              FetchFailure.FOREIGN_TRUST_DOMAIN,
              "served, as the bundle of trust domain "
                  + endpoint.trustDomain()
                  + ", a certificate for another trust domain (URI SAN "
                  + Text.quote(uri)
                  + "); check that the URL is the endpoint of "
                  + endpoint.trustDomain());
        }
      }
    }
  }

  private void requireNoRegression(TrustBundle bundle, OptionalLong lastSequence)
      throws BundleFetchException {
    if (bundle.sequence().isEmpty() || lastSequence.isEmpty()) {
      return;
    }
    long served = bundle.sequence().getAsLong();
    long last = lastSequence.getAsLong();
    if (served < last) {
      throw refused(
          FetchFailure.SEQUENCE_REGRESSED,
          "served bundle sequence "
              + served
              + ", lower than "
              + last
              + " accepted before; an older bundle is refused (a server restored from an old"
              + " backup, or a replay)");
    }
  }

  private List<String> uris(X509Certificate authority) throws BundleFetchException {
    try {
      return CertificateNames.uris(authority);
    } catch (SvidCheckException e) {
      throw refused(
          FetchFailure.MALFORMED_BUNDLE, "served an authority certificate: " + e.getMessage());
    }
  }

  /**
   * The trust domain part of a {@code spiffe://} URI, lower-cased, even when the rest is not a
   * valid SPIFFE ID; null for other URIs.
   */
  static String spiffeTrustDomain(String uri) {
    if (!uri.regionMatches(true, 0, SPIFFE_SCHEME, 0, SPIFFE_SCHEME.length())) {
      return null;
    }
    String rest = uri.substring(SPIFFE_SCHEME.length());
    int end = rest.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return rest.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private BundleFetchException refused(FetchFailure failure, String what) {
    return new BundleFetchException(failure, endpoint.describe() + " " + what);
  }
}
