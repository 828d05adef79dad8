package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Where a trust domain's bundle is published, and how it is described. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BundleSpec {
  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription(
      "Name of the ConfigMap that holds the bundle in each selected namespace. Default:"
          + " vsid-bundle-<TrustDomain name>.")
  private String configMapName;

  @SchemaFrom(type = NamespaceSelectorSchema.class)
  @JsonPropertyDescription(
      "Namespaces that get the bundle ConfigMap, by their labels. Absent: every namespace the"
          + " operator serves. An empty selector ({}) also selects every namespace.")
  private LabelSelector namespaceSelector;

  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('10s') && duration(self) <= duration('24h')",
      message = "refreshHint must be between 10s and 24h")
  @JsonPropertyDescription(
      "How often consumers should check for a new bundle, published as spiffe_refresh_hint in"
          + " the SPIFFE bundle document: 10s to 24h. Default: 5m.")
  private String refreshHint;

  public String getConfigMapName() {
    return configMapName;
  }

  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public String getRefreshHint() {
    return refreshHint;
  }

  public void setRefreshHint(String refreshHint) {
    this.refreshHint = refreshHint;
  }
}
