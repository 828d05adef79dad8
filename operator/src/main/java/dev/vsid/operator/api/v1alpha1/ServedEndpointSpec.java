package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * The SPIFFE bundle endpoint every operator replica serves for a trust domain, so that other trust
 * domains can federate with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ServedEndpointSpec {
  @Required
  @Min(1024)
  @Max(65535)
  @JsonPropertyDescription(
      "Port of the https_spiffe listener, 1024 to 65535, on every operator replica. It presents"
          + " an X509-SVID of this trust domain with the SPIFFE ID"
          + " spiffe://<trustDomain>/vsid/bundle-endpoint, which federated peers configure."
          + " Expose it with a Service.")
  private Integer port;

  @JsonPropertyDescription(
      "Also serve the bundle with the https_web profile, on its own port, with a web PKI"
          + " certificate.")
  private WebEndpointSpec web;

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public WebEndpointSpec getWeb() {
    return web;
  }

  public void setWeb(WebEndpointSpec web) {
    this.web = web;
  }
}
