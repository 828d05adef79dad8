package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of a trust domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TrustDomainSpec extends TolerantObject {
  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[a-z0-9._-]+$")
  @ValidationRule(value = "self == oldSelf", message = "trustDomain is immutable")
  @JsonPropertyDescription(
      "The SPIFFE trust domain name, such as example.org: lowercase letters, digits, '.', '-'"
          + " and '_', at most 255 characters. Immutable.")
  private String trustDomain;

  @JsonPropertyDescription("The certificate authority that signs this trust domain's SVIDs.")
  private CaSpec ca;

  @JsonPropertyDescription("Defaults for the SVIDs of this trust domain.")
  private SvidDefaults svid;

  @JsonPropertyDescription(
      "Where the trust domain's bundle (its root certificates) is published: a ConfigMap in each"
          + " selected namespace.")
  private BundleSpec bundle;

  @JsonPropertyDescription(
      "What WorkloadIdentities may ask of this trust domain: namespaces, SPIFFE ID paths, DNS"
          + " names and the longest SVID lifetime. Absent: every namespace, IDs under"
          + " /ns/<namespace>/, DNS names of the namespace's services, no lifetime limit.")
  private IdentityPolicySpec policy;

  @Size(max = Formats.MAX_FEDERATED)
  @JsonPropertyDescription(
      "Other trust domains whose bundles this trust domain's workloads trust, by SPIFFE trust"
          + " domain name: each one's bundle comes from the FederatedTrustDomain of that name."
          + " Each goes into bundle ConfigMaps and SVID Secrets under its own key.")
  private List<@Size(min = 1, max = 255) @Pattern("^[a-z0-9._-]+$") String> federatesWith;

  @JsonPropertyDescription(
      "Serve this trust domain's bundle on a SPIFFE bundle endpoint from every operator replica,"
          + " so that other trust domains can federate with it. Absent: no endpoint. With an"
          + " endpoint, spec.ca.rotation.propagationDelay must be at least 3 times"
          + " spec.bundle.refreshHint, so that peers see a new root before it signs.")
  private ServedEndpointSpec bundleEndpoint;

  public String getTrustDomain() {
    return trustDomain;
  }

  public void setTrustDomain(String trustDomain) {
    this.trustDomain = trustDomain;
  }

  public CaSpec getCa() {
    return ca;
  }

  public void setCa(CaSpec ca) {
    this.ca = ca;
  }

  public SvidDefaults getSvid() {
    return svid;
  }

  public void setSvid(SvidDefaults svid) {
    this.svid = svid;
  }

  public BundleSpec getBundle() {
    return bundle;
  }

  public void setBundle(BundleSpec bundle) {
    this.bundle = bundle;
  }

  public IdentityPolicySpec getPolicy() {
    return policy;
  }

  public void setPolicy(IdentityPolicySpec policy) {
    this.policy = policy;
  }

  public ServedEndpointSpec getBundleEndpoint() {
    return bundleEndpoint;
  }

  public void setBundleEndpoint(ServedEndpointSpec bundleEndpoint) {
    this.bundleEndpoint = bundleEndpoint;
  }

  public List<String> getFederatesWith() {
    return federatesWith;
  }

  public void setFederatesWith(List<String> federatesWith) {
    this.federatesWith = federatesWith;
  }
}
