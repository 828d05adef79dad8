package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** When and how the trust domain's CA is replaced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CaRotationSpec {
  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @JsonPropertyDescription(
      "Start replacing a generated CA when it has less than this left; shorter than ca.ttl and"
          + " at least twice propagationDelay. Default: a third of its lifetime.")
  private String renewBefore;

  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @JsonPropertyDescription(
      "How long to wait after the new root has reached every bundle ConfigMap and SVID Secret"
          + " before the new CA signs, so that files mounted in pods catch up. Default: 15m. With"
          + " spec.bundleEndpoint, at least 3 times spec.bundle.refreshHint.")
  private String propagationDelay;

  @Size(max = 253)
  @JsonPropertyDescription(
      "Set this, or change it, to replace the CA now (for example after a suspected"
          + " compromise). Any text; the last value acted on is in status.rotation.")
  private String request;

  @JsonPropertyDescription(
      "With request: stop trusting the old root as soon as the new CA signs, and reissue every"
          + " SVID at once, instead of keeping the old root until its SVIDs are replaced.")
  private Boolean dropOldRoot;

  public String getRenewBefore() {
    return renewBefore;
  }

  public void setRenewBefore(String renewBefore) {
    this.renewBefore = renewBefore;
  }

  public String getPropagationDelay() {
    return propagationDelay;
  }

  public void setPropagationDelay(String propagationDelay) {
    this.propagationDelay = propagationDelay;
  }

  public String getRequest() {
    return request;
  }

  public void setRequest(String request) {
    this.request = request;
  }

  public Boolean getDropOldRoot() {
    return dropOldRoot;
  }

  public void setDropOldRoot(Boolean dropOldRoot) {
    this.dropOldRoot = dropOldRoot;
  }
}
