package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a ConfigMap, in a named namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ConfigMapKeyRef {
  @Required
  @Size(min = 1, max = 63)
  @Pattern(Formats.DNS_LABEL)
  @JsonPropertyDescription("Namespace of the ConfigMap.")
  private String namespace;

  @Required
  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the ConfigMap.")
  private String name;

  @Required
  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription("Key in the ConfigMap's data, such as bundle.json or ca.crt.")
  private String key;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
