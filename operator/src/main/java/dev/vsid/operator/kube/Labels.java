package dev.vsid.operator.kube;

/** Label and annotation keys the operator puts on the objects it manages. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "vsid-operator";

  /** What a managed object is for: {@link #CA}, {@link #SVID} or {@link #BUNDLE}. */
  public static final String COMPONENT = "vsid.dev/component";

  public static final String CA = "ca";
  public static final String SVID = "svid";
  public static final String BUNDLE = "bundle";

  /** Annotation on a CA Secret: the name of the TrustDomain resource it belongs to. */
  public static final String TRUST_DOMAIN_REF = "vsid.dev/trust-domain-ref";

  /** Annotation: the SPIFFE trust domain a CA Secret was made for. */
  public static final String TRUST_DOMAIN_ANNOTATION = "vsid.dev/trust-domain";

  /** Annotation on an SVID Secret: the SPIFFE ID it holds. */
  public static final String SPIFFE_ID_ANNOTATION = "vsid.dev/spiffe-id";

  /** Annotation on an SVID Secret: the lifetime the SVID was requested with. */
  public static final String TTL_ANNOTATION = "vsid.dev/ttl";

  /** Label selector of the CA Secrets. */
  public static final String CA_SELECTOR =
      COMPONENT + "=" + CA + "," + MANAGED_BY + "=" + MANAGED_BY_VALUE;

  /** Label selector of the SVID Secrets. */
  public static final String SVID_SELECTOR =
      COMPONENT + "=" + SVID + "," + MANAGED_BY + "=" + MANAGED_BY_VALUE;

  /** Label selector of the bundle ConfigMaps. */
  public static final String BUNDLE_SELECTOR =
      COMPONENT + "=" + BUNDLE + "," + MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private Labels() {}
}
