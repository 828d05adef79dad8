package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A SPIFFE trust domain: its name, its certificate authority and the defaults for the SVIDs it
 * signs. Cluster-scoped, because a trust domain spans namespaces.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("TrustDomain")
@Plural("trustdomains")
@Singular("trustdomain")
@ShortNames("td")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Trust Domain", jsonPath = ".spec.trustDomain", type = Type.STRING)
// Future times are shown as timestamps: a date column shows how long ago, and <invalid> ahead.
@AdditionalPrinterColumn(name = "CA Expires", jsonPath = ".status.ca.notAfter", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Bundles In Sync",
    jsonPath = ".status.bundle.namespacesInSync",
    type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Selected",
    jsonPath = ".status.bundle.namespacesSelected",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class TrustDomain extends CustomResource<TrustDomainSpec, TrustDomainStatus> {

  @Override
  @Required
  @JsonPropertyDescription(
      "What the trust domain should be: its name, its CA, where its bundle"
          + " goes and the identities it allows.")
  @JsonDeserialize(using = TolerantDeserializer.ForTrustDomainSpec.class)
  public void setSpec(TrustDomainSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last observed: the Ready condition, the CA, its"
          + " rotation and the bundle's reach.")
  @JsonDeserialize(using = TolerantDeserializer.ForTrustDomainStatus.class)
  public void setStatus(TrustDomainStatus status) {
    super.setStatus(status);
  }
}
