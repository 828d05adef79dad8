package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.ServedEndpointSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WebEndpointSpec;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.policy.IdentityPolicy;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import dev.vsid.operator.webhook.WebhookSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A TrustDomain's {@code spec.bundleEndpoint}, read and checked.
 *
 * @param resource the TrustDomain's name
 * @param port the https_spiffe listener's port
 * @param web the https_web listener, if one is asked for
 * @param refreshHint the bundle's refresh hint, which peers follow when they poll
 */
public record EndpointConfig(
    String resource,
    TrustDomainName trustDomain,
    int port,
    Optional<Web> web,
    Duration refreshHint) {

  /** The SPIFFE ID path of the certificate an https_spiffe listener presents. */
  public static final String SPIFFE_ID_PATH = IdentityPolicy.BUNDLE_ENDPOINT_PATH;

  /** A new root must be on the endpoint for this many refresh hints before its CA signs. */
  public static final int HINTS_BEFORE_USE = 3;

  static final int LOWEST_PORT = 1024;
  static final int HIGHEST_PORT = 65535;

  /** The https_web listener: its port and the TLS Secret (operator namespace) it presents. */
  public record Web(int port, String secretName) {}

  /** The SPIFFE ID an https_spiffe listener of {@code trustDomain} presents. */
  public static SpiffeId spiffeId(TrustDomainName trustDomain) {
    return SpiffeId.of(trustDomain, SPIFFE_ID_PATH);
  }

  /** Whether {@code other} asks for the same listeners: same trust domain, ports and Secret. */
  public boolean sameListeners(EndpointConfig other) {
    return other != null
        && trustDomain.equals(other.trustDomain)
        && port == other.port
        && web.equals(other.web);
  }

  /** The ports of its listeners: https_spiffe first, then https_web when there is one. */
  public List<Integer> ports() {
    return web.map(w -> List.of(port, w.port())).orElse(List.of(port));
  }

  public SpiffeId spiffeId() {
    return spiffeId(trustDomain);
  }

  /**
   * Reads {@code spec.bundleEndpoint}; empty when the TrustDomain asks for none.
   *
   * @throws BadInputException (InvalidBundleEndpoint, or the reason of the spec field at fault)
   *     when it cannot be served as written
   */
  public static Optional<EndpointConfig> of(TrustDomain td) throws BadInputException {
    ServedEndpointSpec spec = td.getSpec() == null ? null : td.getSpec().getBundleEndpoint();
    if (spec == null) {
      return Optional.empty();
    }
    TrustDomainSettings settings = TrustDomainSettings.of(td);
    int port = port(spec.getPort(), "spec.bundleEndpoint.port");
    Optional<Web> web = Optional.empty();
    WebEndpointSpec webSpec = spec.getWeb();
    if (webSpec != null) {
      int webPort = port(webSpec.getPort(), "spec.bundleEndpoint.web.port");
      if (webPort == port) {
        throw invalid(
            "spec.bundleEndpoint.web.port "
                + webPort
                + " is the https_spiffe port too; give the https_web listener its own port");
      }
      String secret = webSpec.getSecretName();
      if (secret == null || secret.isEmpty()) {
        throw invalid(
            "spec.bundleEndpoint.web.secretName is missing; name a kubernetes.io/tls Secret in"
                + " the operator's namespace");
      }
      if (!SecretNames.isValidName(secret)) {
        throw invalid(
            "spec.bundleEndpoint.web.secretName "
                + Text.quote(secret)
                + " is not a Secret name: lowercase letters, digits, '-' and '.'");
      }
      if (CaSecrets.isReservedName(secret) || WebhookSecrets.isReservedName(secret)) {
        // These hold a CA's (or the webhook's) certificate in tls.crt and its private key in
        // tls.key: never a key for a listener that a TrustDomain's owner points at.
        throw invalid(
            "spec.bundleEndpoint.web.secretName "
                + Text.quote(secret)
                + " is one of the operator's own Secrets (a trust domain's CA or the webhook's);"
                + " name a kubernetes.io/tls Secret that holds a web server certificate");
      }
      web = Optional.of(new Web(webPort, secret));
    }
    Duration hint = BundleSettings.of(td).refreshHint();
    Duration delay = settings.propagationDelay();
    Duration needed = hint.multipliedBy(HINTS_BEFORE_USE);
    if (delay.compareTo(needed) < 0) {
      throw invalid(
          "spec.ca.rotation.propagationDelay "
              + Durations.format(delay)
              + " is shorter than "
              + HINTS_BEFORE_USE
              + " refresh hints ("
              + HINTS_BEFORE_USE
              + " x "
              + Durations.format(hint)
              + "): federated peers poll the endpoint once per hint and must see a new root"
              + " before its CA signs. Set propagationDelay to at least "
              + Durations.format(needed)
              + " or shorten spec.bundle.refreshHint");
    }
    return Optional.of(
        new EndpointConfig(td.getMetadata().getName(), settings.trustDomain(), port, web, hint));
  }

  private static int port(Integer value, String field) throws BadInputException {
    if (value == null) {
      throw invalid(field + " is missing; set a port from 1024 to 65535, such as 8443");
    }
    if (value < LOWEST_PORT || value > HIGHEST_PORT) {
      throw invalid(
          field
              + " "
              + value
              + " is out of range; use a port from 1024 to 65535 (the operator runs as a"
              + " non-root user)");
    }
    return value;
  }

  private static BadInputException invalid(String message) {
    return new BadInputException(Reasons.INVALID_BUNDLE_ENDPOINT, message);
  }
}
