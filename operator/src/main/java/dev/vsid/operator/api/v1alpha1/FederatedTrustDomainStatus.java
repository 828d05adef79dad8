package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator last got of a foreign trust domain's bundle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class FederatedTrustDomainStatus extends TolerantObject {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready: a bundle of this trust domain is in use.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("spiffe_sequence of the bundle in use, when it has one.")
  private Long sequence;

  @JsonPropertyDescription("How often the source is checked for a new bundle.")
  private String refreshHint;

  @JsonPropertyDescription("When the bundle in use was last fetched or read successfully.")
  private String lastSuccessTime;

  @JsonPropertyDescription("When the source was last tried.")
  private String lastAttemptTime;

  @JsonPropertyDescription("When the source is next tried.")
  private String nextRefreshTime;

  @JsonPropertyDescription("Why the last attempt failed; absent after a success.")
  private String lastError;

  @JsonPropertyDescription("SHA-256 fingerprints of the root certificates in use.")
  private List<String> rootFingerprints;

  @JsonPropertyDescription(
      "The bundle in use, as a SPIFFE bundle document: kept so that a failing source does not"
          + " take it away.")
  private String bundle;

  @JsonPropertyDescription(
      "The trust domain the bundle belongs to, recorded when the first bundle is accepted. A"
          + " bundle is used only while this equals spec.trustDomain: when spec.trustDomain is"
          + " changed (it is immutable), the bundle is dropped and this keeps the trust domain it"
          + " belonged to.")
  private String trustDomain;

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

  public Long getSequence() {
    return sequence;
  }

  public void setSequence(Long sequence) {
    this.sequence = sequence;
  }

  public String getRefreshHint() {
    return refreshHint;
  }

  public void setRefreshHint(String refreshHint) {
    this.refreshHint = refreshHint;
  }

  public String getLastSuccessTime() {
    return lastSuccessTime;
  }

  public void setLastSuccessTime(String lastSuccessTime) {
    this.lastSuccessTime = lastSuccessTime;
  }

  public String getLastAttemptTime() {
    return lastAttemptTime;
  }

  public void setLastAttemptTime(String lastAttemptTime) {
    this.lastAttemptTime = lastAttemptTime;
  }

  public String getNextRefreshTime() {
    return nextRefreshTime;
  }

  public void setNextRefreshTime(String nextRefreshTime) {
    this.nextRefreshTime = nextRefreshTime;
  }

  public String getLastError() {
    return lastError;
  }

  public void setLastError(String lastError) {
    this.lastError = lastError;
  }

  public List<String> getRootFingerprints() {
    return rootFingerprints;
  }

  public void setRootFingerprints(List<String> rootFingerprints) {
    this.rootFingerprints = rootFingerprints;
  }

  public String getBundle() {
    return bundle;
  }

  public void setBundle(String bundle) {
    this.bundle = bundle;
  }

  public String getTrustDomain() {
    return trustDomain;
  }

  public void setTrustDomain(String trustDomain) {
    this.trustDomain = trustDomain;
  }
}
