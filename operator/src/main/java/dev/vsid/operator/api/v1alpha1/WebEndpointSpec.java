package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A bundle endpoint listener of the https_web profile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WebEndpointSpec {
  @Required
  @Min(1024)
  @Max(65535)
  @JsonPropertyDescription(
      "Port of the https_web listener, 1024 to 65535, different from the https_spiffe port.")
  private Integer port;

  @Required
  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret in the operator's namespace: tls.crt (the certificate chain,"
          + " leaf first, for the host names clients use) and tls.key. Renewed certificates are"
          + " picked up without a restart.")
  private String secretName;

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
