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
}
