package dev.vsid.operator.federation;

import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.text.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A foreign trust domain's SPIFFE bundle endpoint, as configured: the trust domain whose bundle it
 * serves (always from the configuration, never inferred from the URL), its https URL and how its
 * server is authenticated.
 */
public final class BundleEndpoint {
  private final TrustDomainName trustDomain;
  private final URI url;
  private final EndpointProfile profile;

  private BundleEndpoint(TrustDomainName trustDomain, URI url, EndpointProfile profile) {
    this.trustDomain = trustDomain;
    this.url = url;
    this.profile = profile;
  }

  /**
   * The endpoint of {@code trustDomain} at {@code url}.
   *
   * @throws BundleFetchException ({@link FetchFailure#INVALID_ENDPOINT}) if the URL is not an
   *     absolute https URL with a host, or carries user information or a fragment
   */
  public static BundleEndpoint of(TrustDomainName trustDomain, String url, EndpointProfile profile)
      throws BundleFetchException {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(profile, "profile");
    return new BundleEndpoint(trustDomain, checkedUrl(url), profile);
  }

  public TrustDomainName trustDomain() {
    return trustDomain;
  }

  public URI url() {
    return url;
  }

  public EndpointProfile profile() {
    return profile;
  }

  /** {@code bundle endpoint "https://..."}, for the start of a message. */
  String describe() {
    return "bundle endpoint " + Text.quote(url.toString());
  }

  @Override
  public String toString() {
    return "BundleEndpoint[" + trustDomain + " at " + url + ", " + profile + "]";
  }

  private static URI checkedUrl(String text) throws BundleFetchException {
    if (text == null || text.isBlank()) {
      throw invalid("the bundle endpoint URL is empty; give an https:// URL");
    }
    String shown = "bundle endpoint URL " + Text.quote(text);
    if (!text.contains("://")) {
      throw invalid(shown + " is not an absolute URL; a SPIFFE bundle endpoint must be https://");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid(shown + " is not a valid URL");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https")) {
      String uses = scheme.isEmpty() ? "has no scheme" : "uses " + Text.quote(scheme);
      throw invalid(shown + " " + uses + "; a SPIFFE bundle endpoint must be https://");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw invalid(shown + " has no host (or the host is not a valid name)");
    }
    if (url.getRawUserInfo() != null) {
      throw invalid(shown + " holds user information before the host; remove it");
    }
    if (url.getRawFragment() != null) {
      throw invalid(shown + " has a fragment (#...); remove it");
    }
    return url;
  }

  private static BundleFetchException invalid(String message) {
    return new BundleFetchException(FetchFailure.INVALID_ENDPOINT, message);
  }
}
