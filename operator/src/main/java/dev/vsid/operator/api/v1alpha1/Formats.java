package dev.vsid.operator.api.v1alpha1;

/** Patterns the CRD schemas use to reject malformed values when they are applied. */
final class Formats {
  /** A duration as Kubernetes users write them: 24h, 90m, 1h30m, 2.5h. */
  static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

  /** The supported key types, in any letter case. */
  static final String KEY_TYPE =
      "^([Ee][Cc][Pp](256|384)|[Rr][Ss][Aa](2048|3072|4096)|[Ee][Dd]25519)$";

  /** A DNS-1123 subdomain, as Kubernetes object names are. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  private Formats() {}
}
