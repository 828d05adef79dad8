package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Defaults for SVIDs, used where a WorkloadIdentity does not say. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SvidDefaults {
  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @JsonPropertyDescription("Default SVID lifetime, such as 24h (the default) or 90m.")
  private String ttl;

  @Size(max = Formats.KEY_TYPE_MAX_LENGTH)
  @Pattern(Formats.KEY_TYPE)
  @JsonPropertyDescription("Default SVID key type: ECP256 (the default), ECP384, RSA2048, ...")
  private String keyType;

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  public String getKeyType() {
    return keyType;
  }

  public void setKeyType(String keyType) {
    this.keyType = keyType;
  }
}
