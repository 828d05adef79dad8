package dev.vsid.operator.api.v1alpha1;

/**
 * Patterns and limits the CRD schemas use to reject malformed values when they are applied. Each
 * accepts everything the operator accepts, and refuses only what the operator always refuses. The
 * patterns are evaluated by the API server (Go regular expressions): no lookaround.
 */
final class Formats {
  /** A duration as Kubernetes users write them: 24h, 90m, 1h30m, 2.5h. */
  static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

  /** The longest duration text the operator reads. */
  static final int DURATION_MAX_LENGTH = 64;

  /** The supported key types, in any letter case. */
  static final String KEY_TYPE =
      "^([Ee][Cc][Pp](256|384)|[Rr][Ss][Aa](2048|3072|4096)|[Ee][Dd]25519)$";

  /** The longest key type name (RSA2048, Ed25519). */
  static final int KEY_TYPE_MAX_LENGTH = 7;

  /** A DNS-1123 subdomain, as Kubernetes object names are. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A DNS-1123 label, as namespace names are. */
  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** The longest bundle given in place: far above any real bundle, well under an object's limit. */
  static final int BUNDLE_MAX_LENGTH = 262144;

  /** The most trust domains one trust domain or identity federates with. */
  static final int MAX_FEDERATED = 50;

  /** The longest Kubernetes object name. */
  static final int NAME_MAX_LENGTH = 253;

  /** A DNS-1123 subdomain, or empty (for fields where empty means "not set"). */
  static final String DNS_SUBDOMAIN_OR_EMPTY =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$";

  /** A DNS SAN: lowercase labels of at most 63 characters, optionally under a leading '*.'. */
  static final String DNS_NAME =
      "^(\\*\\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$";

  /** The most DNS names one SVID may carry. */
  static final int MAX_DNS_NAMES = 100;

  private static final String PATH_CHAR = "[A-Za-z0-9._-]";
  private static final String PLACEHOLDER = "\\{(namespace|serviceAccount|name|trustDomain)\\}";

  /** A path segment with at least one placeholder: its value is only known when rendered. */
  private static final String PLACEHOLDER_SEGMENT =
      PATH_CHAR + "*" + PLACEHOLDER + "(" + PATH_CHAR + "|" + PLACEHOLDER + ")*";

  /** A literal path segment, other than "." and "..". */
  private static final String LITERAL_SEGMENT = "(\\.*[A-Za-z0-9_-]" + PATH_CHAR + "*|\\.\\.\\.+)";

  /**
   * A SPIFFE ID path template that can render to a valid ID: absolute, with no empty, "." or ".."
   * segment, no trailing '/', and only known placeholders. Which paths a namespace may claim is the
   * trust domain's policy, checked by the operator.
   */
  static final String SPIFFE_PATH_TEMPLATE =
      "^(/(" + PLACEHOLDER_SEGMENT + "|" + LITERAL_SEGMENT + "))+$";

  /** The longest SPIFFE ID, and so the longest useful path template. */
  static final int SPIFFE_ID_MAX_LENGTH = 2048;

  private Formats() {}
}
