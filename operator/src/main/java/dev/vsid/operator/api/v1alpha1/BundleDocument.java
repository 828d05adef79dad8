package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A bundle given in place or by reference: a SPIFFE bundle document, PEM certificates, or a
 * ConfigMap key holding either.
 */
@ValidationRule(
    value = BundleDocument.EXACTLY_ONE,
    message = "set exactly one of spiffeJson, pem and configMap")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BundleDocument {
  static final String EXACTLY_ONE =
      "[has(self.spiffeJson), has(self.pem), has(self.configMap)].exists_one(x, x)";

  @Size(min = 1, max = Formats.BUNDLE_MAX_LENGTH)
  @JsonPropertyDescription("A SPIFFE bundle document (JSON, with x509-svid keys).")
  private String spiffeJson;

  @Size(min = 1, max = Formats.BUNDLE_MAX_LENGTH)
  @JsonPropertyDescription("Root certificates in PEM.")
  private String pem;

  @JsonPropertyDescription(
      "A ConfigMap key holding a SPIFFE bundle document or PEM certificates (told apart by"
          + " content).")
  private ConfigMapKeyRef configMap;

  public String getSpiffeJson() {
    return spiffeJson;
  }

  public void setSpiffeJson(String spiffeJson) {
    this.spiffeJson = spiffeJson;
  }

  public String getPem() {
    return pem;
  }

  public void setPem(String pem) {
    this.pem = pem;
  }

  public ConfigMapKeyRef getConfigMap() {
    return configMap;
  }

  public void setConfigMap(ConfigMapKeyRef configMap) {
    this.configMap = configMap;
  }
}
