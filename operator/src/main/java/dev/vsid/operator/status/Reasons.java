package dev.vsid.operator.status;

/** The CamelCase reasons used in conditions and Events. */
public final class Reasons {
  // Ready=True
  public static final String CA_READY = "CaReady";
  public static final String ISSUED = "Issued";

  // Bad input: permanent until the user changes something; never retried on a timer.
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String INVALID_TRUST_DOMAIN = "InvalidTrustDomain";
  public static final String INVALID_CA_SETTINGS = "InvalidCaSettings";
  public static final String CA_SECRET_INVALID = "CaSecretInvalid";
  public static final String CA_EXPIRED = "CaExpired";
  public static final String DUPLICATE_TRUST_DOMAIN = "DuplicateTrustDomain";
  public static final String INVALID_SPIFFE_ID = "InvalidSpiffeId";
  public static final String SPIFFE_ID_NOT_ALLOWED = "SpiffeIdNotAllowed";
  public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";
  public static final String DNS_NAME_NOT_ALLOWED = "DnsNameNotAllowed";
  public static final String TTL_NOT_ALLOWED = "TtlNotAllowed";
  public static final String INVALID_POLICY = "InvalidPolicy";
  public static final String FEDERATION_NOT_ALLOWED = "FederationNotAllowed";
  public static final String INVALID_BUNDLE = "InvalidBundle";

  /** A FederatedTrustDomain's spec.trustDomain no longer names the trust domain of its bundle. */
  public static final String TRUST_DOMAIN_CHANGED = "TrustDomainChanged";

  // Federated trust domains
  public static final String BUNDLE_IN_USE = "BundleInUse";
  public static final String BUNDLE_IN_USE_STALE = "LastBundleInUse";
  public static final String BUNDLE_UNAVAILABLE = "BundleUnavailable";
  public static final String CA_EXPIRING = "CaExpiring";
  public static final String INVALID_TTL = "InvalidTtl";
  public static final String UNSUPPORTED_KEY_TYPE = "UnsupportedKeyType";
  public static final String INVALID_DNS_NAME = "InvalidDnsName";
  public static final String INVALID_SECRET_NAME = "InvalidSecretName";
  public static final String INVALID_SERVICE_ACCOUNT = "InvalidServiceAccountName";
  public static final String SECRET_CONFLICT = "SecretConflict";

  /** A pod of another service account already uses the Secret an SVID would go into. */
  public static final String SECRET_IN_USE = "SecretInUseByOtherPod";

  /** Another namespace's identity, created earlier, holds the same SPIFFE ID. */
  public static final String SPIFFE_ID_CONFLICT = "SpiffeIdConflict";

  public static final String INVALID_BUNDLE_SETTINGS = "InvalidBundleSettings";
  public static final String PROVIDED_CA_NOT_FOUND = "ProvidedCaNotFound";
  public static final String PROVIDED_CA_INVALID = "ProvidedCaInvalid";

  // Waiting on another resource: resolved by an event on that resource.
  public static final String TRUST_DOMAIN_NOT_FOUND = "TrustDomainNotFound";
  public static final String TRUST_DOMAIN_NOT_READY = "TrustDomainNotReady";

  // Failures that may pass: retried with backoff.
  public static final String ISSUANCE_FAILED = "IssuanceFailed";
  public static final String API_ERROR = "ApiError";

  // Bundle distribution (condition BundlesInSync, and per-namespace failures)
  public static final String BUNDLES_IN_SYNC = "BundlesInSync";
  public static final String FEDERATED_BUNDLES_IN_USE = "FederatedBundlesInUse";
  public static final String FEDERATED_BUNDLE_MISSING = "FederatedBundleMissing";

  // Bundle endpoints served by the operator (TrustDomain condition BundleEndpoint).
  public static final String BUNDLE_ENDPOINT_SERVING = "Serving";
  public static final String BUNDLE_ENDPOINT_PENDING = "Pending";
  public static final String INVALID_BUNDLE_ENDPOINT = "InvalidBundleEndpoint";
  public static final String BUNDLE_ENDPOINT_PORT_IN_USE = "PortInUse";
  public static final String BUNDLE_ENDPOINT_UNAVAILABLE = "BundleEndpointUnavailable";
  public static final String BUNDLE_ENDPOINTS_DISABLED = "BundleEndpointsDisabled";
  public static final String SPIFFE_ID_RESERVED = "SpiffeIdReserved";
  public static final String BUNDLES_OUT_OF_SYNC = "BundlesOutOfSync";
  public static final String FORBIDDEN = "Forbidden";
  public static final String NAMESPACE_TERMINATING = "NamespaceTerminating";
  public static final String CONFIG_MAP_CONFLICT = "ConfigMapConflict";
  public static final String WRITE_FAILED = "WriteFailed";

  // Events
  public static final String CA_CREATED = "CaCreated";
  public static final String SVID_ISSUED = "SvidIssued";
  public static final String SVID_RENEWED = "SvidRenewed";
  public static final String BUNDLE_UPDATED = "BundleUpdated";
  public static final String BUNDLE_PUBLISHED = "BundlePublished";
  public static final String BUNDLES_REMOVED = "BundlesRemoved";
  public static final String CA_ROTATION_STARTED = "CaRotationStarted";
  public static final String CA_ROOT_PUBLISHED = "CaRootPublished";
  public static final String CA_SWITCHED = "CaSwitched";
  public static final String CA_ROOT_RETIRED = "CaRootRetired";
  public static final String CA_ROTATION_LAGGARDS = "CaRotationLaggards";

  private Reasons() {}
}
