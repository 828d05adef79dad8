package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a trust domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TrustDomainStatus extends TolerantObject {
  @JsonPropertyDescription("The metadata.generation last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions; Ready=True when the CA is loaded and can sign.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The CA that currently signs this trust domain's SVIDs.")
  private CaStatus ca;

  @JsonPropertyDescription("The CA being prepared to take over, during a rotation.")
  private CaStatus nextCa;

  @JsonPropertyDescription("Old roots still trusted until the SVIDs they signed are replaced.")
  private List<CaStatus> retiringCas;

  @JsonPropertyDescription("Where the CA rotation stands.")
  private RotationStatus rotation;

  @JsonPropertyDescription("The published bundle and the namespaces it has reached.")
  private BundleStatus bundle;

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

  public CaStatus getCa() {
    return ca;
  }

  public void setCa(CaStatus ca) {
    this.ca = ca;
  }

  public BundleStatus getBundle() {
    return bundle;
  }

  public void setBundle(BundleStatus bundle) {
    this.bundle = bundle;
  }

  public CaStatus getNextCa() {
    return nextCa;
  }

  public void setNextCa(CaStatus nextCa) {
    this.nextCa = nextCa;
  }

  public List<CaStatus> getRetiringCas() {
    return retiringCas;
  }

  public void setRetiringCas(List<CaStatus> retiringCas) {
    this.retiringCas = retiringCas;
  }

  public RotationStatus getRotation() {
    return rotation;
  }

  public void setRotation(RotationStatus rotation) {
    this.rotation = rotation;
  }
}
