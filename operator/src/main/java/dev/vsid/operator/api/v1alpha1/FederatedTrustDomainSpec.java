package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A foreign trust domain and where its bundle comes from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class FederatedTrustDomainSpec extends TolerantObject {
  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[a-z0-9._-]+$")
  @ValidationRule(value = "self == oldSelf", message = "trustDomain is immutable")
  @JsonPropertyDescription(
      "The foreign SPIFFE trust domain name, such as partner.org. Always configured, never taken"
          + " from the endpoint's URL. Immutable.")
  private String trustDomain;

  @Required
  @JsonPropertyDescription("Where the foreign trust domain's bundle comes from.")
  private BundleSource bundle;

  public String getTrustDomain() {
    return trustDomain;
  }

  public void setTrustDomain(String trustDomain) {
    this.trustDomain = trustDomain;
  }

  public BundleSource getBundle() {
    return bundle;
  }

  public void setBundle(BundleSource bundle) {
    this.bundle = bundle;
  }
}
