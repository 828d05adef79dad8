package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
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
@AdditionalPrinterColumn(name = "Trust Domain", jsonPath = ".spec.trustDomain", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "CA Expires", jsonPath = ".status.ca.notAfter", type = Type.DATE)
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
  @JsonDeserialize(using = TolerantDeserializer.ForTrustDomainSpec.class)
  public void setSpec(TrustDomainSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = TolerantDeserializer.ForTrustDomainStatus.class)
  public void setStatus(TrustDomainStatus status) {
    super.setStatus(status);
  }
}
