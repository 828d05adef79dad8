package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.BundleFormatException;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * How a bundle endpoint server is authenticated (SPIFFE Federation §5.2): by web PKI with a host
 * name check, or as an X509-SVID with a given SPIFFE ID.
 */
public sealed interface EndpointProfile {

  /** The profile's name in the SPIFFE Federation specification. */
  String name();

  /** Web PKI trusted by the JDK's default trust store. */
  static HttpsWeb webPki() {
    return new HttpsWeb(List.of());
  }

  /**
   * Web PKI trusted by the CA certificates of {@code caPem} instead of the JDK's trust store.
   *
   * @throws BundleFetchException if the PEM holds no certificate or something else than
   *     certificates
   */
  static HttpsWeb webPki(String caPem) throws BundleFetchException {
    Objects.requireNonNull(caPem, "caPem");
    try {
      // The trust domain is a placeholder: PemBundle only needs one to hold the certificates.
      List<X509Certificate> cas = PemBundle.read(new TrustDomainName("ca"), caPem).authorities();
      if (cas.isEmpty()) {
        throw new BundleFetchException(
            FetchFailure.INVALID_ENDPOINT, "the web PKI CA bundle holds no certificate");
      }
      return new HttpsWeb(cas);
    } catch (BundleFormatException e) {
      throw new BundleFetchException(
          FetchFailure.INVALID_ENDPOINT, "the web PKI CA bundle is unusable: " + e.getMessage());
    }
  }

  /** An X509-SVID server whose SPIFFE ID must be {@code endpointId}. */
  static HttpsSpiffe spiffe(SpiffeId endpointId) {
    return new HttpsSpiffe(endpointId);
  }

  /**
   * {@code https_web}: the server's certificate must chain to {@code trustedCas}, or to the JDK's
   * default trust store when that list is empty, and must name the URL's host.
   */
  record HttpsWeb(List<X509Certificate> trustedCas) implements EndpointProfile {
    public HttpsWeb {
      trustedCas = List.copyOf(trustedCas);
    }

    @Override
    public String name() {
      return "https_web";
    }

    public boolean usesDefaultTrustStore() {
      return trustedCas.isEmpty();
    }

    @Override
    public String toString() {
      return usesDefaultTrustStore()
          ? "https_web (default trust store)"
          : "https_web (" + trustedCas.size() + " configured CA certificates)";
    }
  }

  /**
   * {@code https_spiffe}: the server must present an X509-SVID that verifies against the bundle of
   * {@code endpointId}'s trust domain and whose SPIFFE ID is {@code endpointId}. No host name
   * check.
   */
  record HttpsSpiffe(SpiffeId endpointId) implements EndpointProfile {
    public HttpsSpiffe {
      Objects.requireNonNull(endpointId, "endpointId");
      if (endpointId.isTrustDomainId()) {
        throw new IllegalArgumentException(
            "the endpoint SPIFFE ID " + endpointId + " has no path; a server SVID needs one");
      }
    }

    @Override
    public String name() {
      return "https_spiffe";
    }

    @Override
    public String toString() {
      return "https_spiffe (" + endpointId + ")";
    }
  }
}
