package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A SPIFFE bundle endpoint to fetch a foreign trust domain's bundle from. */
@ValidationRule(
    value = "self.profile != 'https_spiffe' || (has(self.spiffeId) && has(self.initialBundle))",
    message = "https_spiffe needs spiffeId and initialBundle")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BundleEndpointSpec {
  @Required
  @Size(min = 9, max = 2048)
  @Pattern("^https://[^\\s]+$")
  @JsonPropertyDescription("HTTPS URL of the bundle endpoint.")
  private String url;

  @Required
  @Pattern("^(https_web|https_spiffe)$")
  @JsonPropertyDescription(
      "How the endpoint server is authenticated: https_web (ordinary web PKI with the host name"
          + " checked) or https_spiffe (the server presents an SVID with spiffeId).")
  private String profile;

  @Size(min = 1, max = Formats.SPIFFE_ID_MAX_LENGTH)
  @Pattern("^spiffe://[^\\s]+$")
  @JsonPropertyDescription("https_spiffe: the SPIFFE ID the endpoint server must present.")
  private String spiffeId;

  @JsonPropertyDescription(
      "https_spiffe: the bundle that authenticates the endpoint server the first time. Later"
          + " fetches use the last bundle fetched, together with this bundle's roots as they are"
          + " at each fetch, when the server is of this trust domain: update it to recover from a"
          + " CA change the last bundle cannot verify.")
  private BundleDocument initialBundle;

  @JsonPropertyDescription(
      "https_web: CA certificates to trust for the endpoint server instead of the system's.")
  private BundleDocument caCertificates;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getProfile() {
    return profile;
  }

  public void setProfile(String profile) {
    this.profile = profile;
  }

  public String getSpiffeId() {
    return spiffeId;
  }

  public void setSpiffeId(String spiffeId) {
    this.spiffeId = spiffeId;
  }

  public BundleDocument getInitialBundle() {
    return initialBundle;
  }

  public void setInitialBundle(BundleDocument initialBundle) {
    this.initialBundle = initialBundle;
  }

  public BundleDocument getCaCertificates() {
    return caCertificates;
  }

  public void setCaCertificates(BundleDocument caCertificates) {
    this.caCertificates = caCertificates;
  }
}
