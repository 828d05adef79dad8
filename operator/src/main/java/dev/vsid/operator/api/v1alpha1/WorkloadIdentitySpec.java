package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The desired identity: who it is for, which SPIFFE ID, and what its SVID looks like. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WorkloadIdentitySpec extends TolerantObject {
  /** The SPIFFE ID path used when spec.spiffeIdPath is not set. */
  public static final String DEFAULT_PATH_TEMPLATE = "/ns/{namespace}/sa/{serviceAccount}";

  @Required
  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the TrustDomain resource whose CA signs this identity.")
  private String trustDomain;

  @Required
  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Service account, in this namespace, that the identity belongs to.")
  private String serviceAccountName;

  @Size(min = 1, max = Formats.SPIFFE_ID_MAX_LENGTH)
  @Pattern(Formats.SPIFFE_PATH_TEMPLATE)
  @JsonPropertyDescription(
      "Path of the SPIFFE ID: under /ns/<this namespace>/ unless the TrustDomain's"
          + " spec.policy.spiffeIdPaths allows more. May use {namespace},"
          + " {serviceAccount}, {name} and {trustDomain}; other characters: letters, digits, '.',"
          + " '-', '_' and '/' between segments. Default: /ns/{namespace}/sa/{serviceAccount}.")
  private String spiffeIdPath;

  @Size(min = 1, max = Formats.NAME_MAX_LENGTH)
  @Pattern(Formats.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Secret that receives the SVID. Default: this resource's name.")
  private String secretName;

  @Size(max = Formats.DURATION_MAX_LENGTH)
  @Pattern(Formats.DURATION)
  @JsonPropertyDescription(
      "SVID lifetime, such as 24h or 90m. Default: the TrustDomain's svid.ttl. Renewed at 2/3.")
  private String ttl;

  @Size(max = Formats.KEY_TYPE_MAX_LENGTH)
  @Pattern(Formats.KEY_TYPE)
  @JsonPropertyDescription(
      "Key type: ECP256, ECP384, RSA2048, RSA3072, RSA4096 or Ed25519. Default: the"
          + " TrustDomain's svid.keyType, else ECP256.")
  private String keyType;

  @Size(max = Formats.MAX_DNS_NAMES)
  @JsonPropertyDescription(
      "DNS names to add to the SVID as DNS SANs (at most 100), lowercase, such as"
          + " web.shop.svc or *.example.org.")
  private List<@Size(min = 1, max = Formats.NAME_MAX_LENGTH) @Pattern(Formats.DNS_NAME) String>
      dnsNames = new ArrayList<>();

  @Size(max = Formats.MAX_FEDERATED)
  @JsonPropertyDescription(
      "Narrows the TrustDomain's federatesWith for this identity: only these of its federated"
          + " trust domains reach this SVID's Secret. Absent: all of them; empty: none.")
  private List<@Size(min = 1, max = 255) @Pattern("^[a-z0-9._-]+$") String> federatesWith;

  public List<String> getFederatesWith() {
    return federatesWith;
  }

  public void setFederatesWith(List<String> federatesWith) {
    this.federatesWith = federatesWith;
  }

  public String getTrustDomain() {
    return trustDomain;
  }

  public void setTrustDomain(String trustDomain) {
    this.trustDomain = trustDomain;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public String getSpiffeIdPath() {
    return spiffeIdPath;
  }

  public void setSpiffeIdPath(String spiffeIdPath) {
    this.spiffeIdPath = spiffeIdPath;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

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

  public List<String> getDnsNames() {
    return dnsNames;
  }

  public void setDnsNames(List<String> dnsNames) {
    this.dnsNames = dnsNames;
  }
}
