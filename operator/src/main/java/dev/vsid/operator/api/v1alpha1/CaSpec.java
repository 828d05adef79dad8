package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How a trust domain's CA is made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CaSpec {
  @Pattern(Formats.KEY_TYPE)
  @JsonPropertyDescription(
      "Key type of the generated root CA: ECP256 (default), ECP384, RSA2048, RSA3072, RSA4096"
          + " or Ed25519.")
  private String keyType;

  @Pattern(Formats.DURATION)
  @JsonPropertyDescription(
      "Lifetime of the generated root CA, as a duration such as 8760h (the default, one year).")
  private String ttl;

  @Size(min = 1, max = 253)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription(
      "Use the CA in this Secret, in the operator's namespace, instead of generating one: tls.crt"
          + " (the CA certificate, then any intermediates above it), tls.key (its private key)"
          + " and ca.crt (the root certificates). It may be a root or an intermediate of your"
          + " organisation's root. Replacing its content replaces the CA, with the same overlap"
          + " as a rotation. keyType and ttl are then ignored.")
  private String secretName;

  @JsonPropertyDescription("When and how the CA is replaced.")
  private CaRotationSpec rotation;

  public String getKeyType() {
    return keyType;
  }

  public void setKeyType(String keyType) {
    this.keyType = keyType;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public CaRotationSpec getRotation() {
    return rotation;
  }

  public void setRotation(CaRotationSpec rotation) {
    this.rotation = rotation;
  }
}
