package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** One allowance of a TrustDomain policy: a pattern, and the namespaces it is granted to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class PolicyRule {
  @Required
  @Size(min = 1, max = Formats.SPIFFE_ID_MAX_LENGTH)
  @JsonPropertyDescription(
      "What is allowed. May use {namespace}, {serviceAccount} and {name} (of the"
          + " WorkloadIdentity) and {trustDomain}; '*' stands for any characters within one path"
          + " segment or DNS label. A SPIFFE ID path may end in '/**' (that path and everything"
          + " under it); a DNS name may start with '**.' (one or more labels).")
  private String pattern;

  @SchemaFrom(type = NamespaceSelectorSchema.class)
  @JsonPropertyDescription(
      "Namespaces this allowance is granted to, by their labels. Absent: every namespace the"
          + " policy lets request identities.")
  private LabelSelector namespaceSelector;

  public PolicyRule() {}

  public PolicyRule(String pattern) {
    this.pattern = pattern;
  }

  public String getPattern() {
    return pattern;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }
}
