package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Kubernetes-style status condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /**
   * {@code Ready}: the resource's desired state is in place. For a TrustDomain, its CA is loaded
   * from its Secret and can sign. For a WorkloadIdentity, a valid SVID matching the current spec is
   * in the target Secret and will be renewed before it expires.
   */
  public static final String READY = "Ready";

  public static final String BUNDLES_IN_SYNC = "BundlesInSync";
  public static final String CA_SECRET_LOST = "CaSecretLost";

  /**
   * Federated: on a TrustDomain with federatesWith, whether every federated trust domain's bundle
   * is in use.
   */
  public static final String FEDERATED = "Federated";

  /**
   * BundleEndpoint: on a TrustDomain with spec.bundleEndpoint, whether its bundle endpoint is
   * served (as seen by the replica that reconciles).
   */
  public static final String BUNDLE_ENDPOINT = "BundleEndpoint";

  @JsonPropertyDescription("Type of the condition, such as Ready.")
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @JsonPropertyDescription("One-word CamelCase reason for the condition's last transition.")
  private String reason;

  @JsonPropertyDescription("Human-readable explanation, saying what to change when not ready.")
  private String message;

  @JsonPropertyDescription("When the status last changed, RFC 3339.")
  private String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation this condition was computed from.")
  private Long observedGeneration;

  public Condition() {}

  public Condition(String type, String status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
