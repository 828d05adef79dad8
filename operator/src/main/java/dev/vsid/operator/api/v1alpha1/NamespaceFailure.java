package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A namespace whose bundle ConfigMap could not be brought in sync, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NamespaceFailure {
  @JsonPropertyDescription("The namespace.")
  private String namespace;

  @JsonPropertyDescription("Why, in one CamelCase word, such as Forbidden or NamespaceTerminating.")
  private String reason;

  @JsonPropertyDescription("What went wrong and what to change.")
  private String message;

  public NamespaceFailure() {}

  public NamespaceFailure(String namespace, String reason, String message) {
    this.namespace = namespace;
    this.reason = reason;
    this.message = message;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
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
}
