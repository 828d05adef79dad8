package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The observed state of an identity and the SVID currently in its Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WorkloadIdentityStatus extends TolerantObject {
  @JsonPropertyDescription("The metadata.generation last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions; Ready=True when a valid SVID for the spec is in place.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The SPIFFE ID of the issued SVID.")
  private String spiffeId;

  @JsonPropertyDescription("The Secret holding the SVID.")
  private String secretName;

  @JsonPropertyDescription("Serial number of the current SVID, hexadecimal.")
  private String serialNumber;

  @JsonPropertyDescription("Start of the current SVID's validity, RFC 3339.")
  private String notBefore;

  @JsonPropertyDescription("End of the current SVID's validity, RFC 3339.")
  private String notAfter;

  @JsonPropertyDescription("When the SVID will be renewed (2/3 of its lifetime), RFC 3339.")
  private String renewalTime;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getSpiffeId() {
    return spiffeId;
  }

  public void setSpiffeId(String spiffeId) {
    this.spiffeId = spiffeId;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getSerialNumber() {
    return serialNumber;
  }

  public void setSerialNumber(String serialNumber) {
    this.serialNumber = serialNumber;
  }

  public String getNotBefore() {
    return notBefore;
  }

  public void setNotBefore(String notBefore) {
    this.notBefore = notBefore;
  }

  public String getNotAfter() {
    return notAfter;
  }

  public void setNotAfter(String notAfter) {
    this.notAfter = notAfter;
  }

  public String getRenewalTime() {
    return renewalTime;
  }

  public void setRenewalTime(String renewalTime) {
    this.renewalTime = renewalTime;
  }
}
