package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * What WorkloadIdentities may ask of a trust domain: from which namespaces, which SPIFFE IDs and
 * DNS names, and how long an SVID may live.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class IdentityPolicySpec {
  /** At most this many rules in each list. */
  static final int MAX_RULES = 100;

  @SchemaFrom(type = NamespaceSelectorSchema.class)
  @JsonPropertyDescription(
      "Namespaces whose WorkloadIdentities may use this trust domain, by their labels. Absent:"
          + " every namespace.")
  private LabelSelector namespaceSelector;

  @Size(max = MAX_RULES)
  @JsonPropertyDescription(
      "SPIFFE ID paths a WorkloadIdentity may claim. Absent: only paths under its own"
          + " namespace, /ns/{namespace}/**. When set, it replaces that default (list it again"
          + " to keep it).")
  private List<PolicyRule> spiffeIdPaths;

  @Size(max = MAX_RULES)
  @JsonPropertyDescription(
      "DNS names a WorkloadIdentity may put in its SVID. Absent: the names of services in its"
          + " own namespace, *.{namespace}.svc and *.{namespace}.svc.cluster.local. An empty list"
          + " allows no DNS names.")
  private List<PolicyRule> dnsNames;

  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @JsonPropertyDescription(
      "Longest SVID lifetime a WorkloadIdentity may ask for, such as 24h. Absent: no limit"
          + " beyond the CA's own lifetime.")
  private String maxTtl;

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public List<PolicyRule> getSpiffeIdPaths() {
    return spiffeIdPaths;
  }

  public void setSpiffeIdPaths(List<PolicyRule> spiffeIdPaths) {
    this.spiffeIdPaths = spiffeIdPaths;
  }

  public List<PolicyRule> getDnsNames() {
    return dnsNames;
  }

  public void setDnsNames(List<PolicyRule> dnsNames) {
    this.dnsNames = dnsNames;
  }

  public String getMaxTtl() {
    return maxTtl;
  }

  public void setMaxTtl(String maxTtl) {
    this.maxTtl = maxTtl;
  }
}
