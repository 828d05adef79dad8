package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How a trust domain's CA is made. */
@ValidationRule(
    value = CaSpec.RENEW_BEFORE_SHORTER_THAN_TTL,
    message = "rotation.renewBefore must be shorter than ttl (default 8760h)")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CaSpec {
  /** The lifetime of a generated root CA when ttl is not set, for the schema's rule. */
  static final String DEFAULT_TTL = "8760h";

  /** CEL: a CA is never replaced as soon as it is made (the operator refuses that too). */
  static final String RENEW_BEFORE_SHORTER_THAN_TTL =
      "!has(self.rotation) || !has(self.rotation.renewBefore)"
          + " || duration(self.rotation.renewBefore) < duration(has(self.ttl) ? self.ttl : '"
          + DEFAULT_TTL
          + "')";

  @Size(max = Formats.KEY_TYPE_MAX_LENGTH)
  @Pattern(Formats.KEY_TYPE)
  @JsonPropertyDescription(
      "Key type of the generated root CA: ECP256 (default), ECP384, RSA2048, RSA3072, RSA4096"
          + " or Ed25519.")
  private String keyType;

  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @ValidationRule(value = "duration(self) >= duration('1h')", message = "ttl must be at least 1h")
  @JsonPropertyDescription(
      "Lifetime of the generated root CA, as a duration such as 8760h (the default, one year);"
          + " at least 1h.")
  private String ttl;

  @Size(max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN_OR_EMPTY)
  @JsonPropertyDescription(
      "Use the CA in this Secret, in the operator's namespace, instead of generating one: tls.crt"
          + " (the CA certificate, then any intermediates above it), tls.key (its private key)"
          + " and ca.crt (the root certificates). It may be a root or an intermediate of your"
          + " organisation's root. Replacing its content replaces the CA, with the same overlap"
          + " as a rotation. keyType and ttl are then ignored. Empty: generate one.")
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
