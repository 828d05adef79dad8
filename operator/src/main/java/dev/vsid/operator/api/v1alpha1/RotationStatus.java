package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the CA rotation stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RotationStatus {
  @JsonPropertyDescription(
      "Stable (one CA), Publishing (the next root is being added to every bundle), Propagating"
          + " (waiting for pods to see it), or Retiring (the new CA signs; SVIDs of the old one"
          + " are being reissued and the old root is still trusted).")
  private String phase;

  @JsonPropertyDescription("Why the rotation in progress, or the last one, started.")
  private String reason;

  @JsonPropertyDescription("When it started, RFC 3339.")
  private String startedAt;

  @JsonPropertyDescription("When the next root was seen in every bundle, RFC 3339.")
  private String publishedAt;

  @JsonPropertyDescription("When the next CA starts, or started, signing, RFC 3339.")
  private String switchAt;

  @JsonPropertyDescription("When the next CA will be prepared, for a scheduled rotation.")
  private String nextRotationAt;

  @JsonPropertyDescription("The last spec.ca.rotation.request acted on.")
  private String handledRequest;

  @JsonPropertyDescription("What the rotation is waiting for, when it is waiting on something.")
  private String waitingFor;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getPublishedAt() {
    return publishedAt;
  }

  public void setPublishedAt(String publishedAt) {
    this.publishedAt = publishedAt;
  }

  public String getSwitchAt() {
    return switchAt;
  }

  public void setSwitchAt(String switchAt) {
    this.switchAt = switchAt;
  }

  public String getNextRotationAt() {
    return nextRotationAt;
  }

  public void setNextRotationAt(String nextRotationAt) {
    this.nextRotationAt = nextRotationAt;
  }

  public String getHandledRequest() {
    return handledRequest;
  }

  public void setHandledRequest(String handledRequest) {
    this.handledRequest = handledRequest;
  }

  public String getWaitingFor() {
    return waitingFor;
  }

  public void setWaitingFor(String waitingFor) {
    this.waitingFor = waitingFor;
  }
}
