package dev.vsid.operator.api.v1alpha1;

/** The API group and version of the custom resources. */
public final class ApiGroup {
  public static final String GROUP = "vsid.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The category of all three kinds: {@code kubectl get vsid -A} lists them together. */
  public static final String CATEGORY = "vsid";

  private ApiGroup() {}
}
