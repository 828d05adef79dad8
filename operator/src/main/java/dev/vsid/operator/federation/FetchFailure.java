package dev.vsid.operator.federation;

/**
 * Why a bundle fetch failed, as a CamelCase reason for a condition, and whether the same fetch may
 * succeed later without anyone changing the configuration or the endpoint.
 */
public enum FetchFailure {
  /** The endpoint URL or profile cannot be used: fix the configuration. */
  INVALID_ENDPOINT("InvalidEndpoint", false),
  /** The TCP connection could not be made (refused, unreachable, connect timeout). */
  UNREACHABLE("EndpointUnreachable", true),
  /** Connected, but no complete answer within the read timeout. */
  TIMEOUT("EndpointTimeout", true),
  /** The server was not the one configured: its certificate or SPIFFE ID was refused. */
  SERVER_NOT_AUTHENTICATED("ServerNotAuthenticated", false),
  /** TLS failed for another reason (no shared protocol or cipher, connection reset). */
  TLS_FAILED("TlsFailed", true),
  /** The server answered with a redirect, which is never followed. */
  REDIRECT("EndpointRedirected", false),
  /** The server answered with a status other than 200. */
  HTTP_STATUS("UnexpectedStatus", true),
  /** The body is larger than the configured cap. */
  TOO_LARGE("BundleTooLarge", false),
  /** The body is not a valid SPIFFE bundle. */
  MALFORMED_BUNDLE("MalformedBundle", false),
  /** A certificate of the bundle names another trust domain. */
  FOREIGN_TRUST_DOMAIN("ForeignTrustDomain", false),
  /** The bundle holds no X.509 authority. */
  EMPTY_BUNDLE("EmptyBundle", false),
  /** The bundle's sequence is lower than the one last accepted. */
  SEQUENCE_REGRESSED("SequenceRegressed", false),
  /** The fetch was interrupted (the operator is stopping). */
  INTERRUPTED("Interrupted", true);

  private final String reason;
  private final boolean transientFailure;

  FetchFailure(String reason, boolean transientFailure) {
    this.reason = reason;
    this.transientFailure = transientFailure;
  }

  /** The CamelCase reason for a condition. */
  public String reason() {
    return reason;
  }

  /**
   * True when retrying the same fetch later may succeed; false when the endpoint or the
   * configuration must change first (a retry will still happen at the next refresh).
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
