package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a foreign trust domain's bundle comes from: given in place, in a ConfigMap, or fetched from
 * its bundle endpoint.
 */
@ValidationRule(
    value = BundleSource.EXACTLY_ONE,
    message = "set exactly one of spiffeJson, pem, configMap and endpoint")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BundleSource {
  static final String EXACTLY_ONE =
      "[has(self.spiffeJson), has(self.pem), has(self.configMap), has(self.endpoint)]"
          + ".exists_one(x, x)";

  @Size(min = 1, max = Formats.BUNDLE_MAX_LENGTH)
  @JsonPropertyDescription("A SPIFFE bundle document (JSON), kept as given.")
  private String spiffeJson;

  @Size(min = 1, max = Formats.BUNDLE_MAX_LENGTH)
  @JsonPropertyDescription("Root certificates in PEM, kept as given.")
  private String pem;

  @JsonPropertyDescription(
      "A ConfigMap key holding a SPIFFE bundle document or PEM certificates; read again every"
          + " refresh.")
  private ConfigMapKeyRef configMap;

  @JsonPropertyDescription("A SPIFFE bundle endpoint, polled as its refresh hint says.")
  private BundleEndpointSpec endpoint;

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

  public BundleEndpointSpec getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(BundleEndpointSpec endpoint) {
    this.endpoint = endpoint;
  }
}
