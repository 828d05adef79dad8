package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The trust domain's published bundle and how far it has reached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BundleStatus {
  @JsonPropertyDescription("Name of the bundle ConfigMap in each selected namespace.")
  private String configMapName;

  @JsonPropertyDescription(
      "The bundle's spiffe_sequence. It goes up by one each time the bundle's roots or refresh"
          + " hint change.")
  private Long sequence;

  @JsonPropertyDescription(
      "SHA-256 over the bundle's roots and refresh hint: the content that sequence describes.")
  private String digest;

  @JsonPropertyDescription("Number of roots in the bundle.")
  private Integer roots;

  @JsonPropertyDescription(
      "SHA-256 fingerprints of the bundle's roots. If the CA Secret is lost, these roots (found"
          + " in the published bundles) stay trusted until the SVIDs they signed are replaced.")
  private List<String> rootFingerprints;

  @JsonPropertyDescription("Namespaces selected to receive the bundle.")
  private Integer namespacesSelected;

  @JsonPropertyDescription("Selected namespaces whose ConfigMap holds the current bundle.")
  private Integer namespacesInSync;

  @JsonPropertyDescription("Selected namespaces whose ConfigMap could not be written.")
  private Integer namespacesFailed;

  @JsonPropertyDescription("Up to 20 failed namespaces, by name, with the reason.")
  private List<NamespaceFailure> failures = new ArrayList<>();

  public String getConfigMapName() {
    return configMapName;
  }

  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }

  public Long getSequence() {
    return sequence;
  }

  public void setSequence(Long sequence) {
    this.sequence = sequence;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public Integer getRoots() {
    return roots;
  }

  public void setRoots(Integer roots) {
    this.roots = roots;
  }

  public List<String> getRootFingerprints() {
    return rootFingerprints;
  }

  public void setRootFingerprints(List<String> rootFingerprints) {
    this.rootFingerprints = rootFingerprints;
  }

  public Integer getNamespacesSelected() {
    return namespacesSelected;
  }

  public void setNamespacesSelected(Integer namespacesSelected) {
    this.namespacesSelected = namespacesSelected;
  }

  public Integer getNamespacesInSync() {
    return namespacesInSync;
  }

  public void setNamespacesInSync(Integer namespacesInSync) {
    this.namespacesInSync = namespacesInSync;
  }

  public Integer getNamespacesFailed() {
    return namespacesFailed;
  }

  public void setNamespacesFailed(Integer namespacesFailed) {
    this.namespacesFailed = namespacesFailed;
  }

  public List<NamespaceFailure> getFailures() {
    return failures;
  }

  public void setFailures(List<NamespaceFailure> failures) {
    this.failures = failures;
  }
}
