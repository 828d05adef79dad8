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
 * A trust domain run by someone else, whose bundle local trust domains may trust: its name and
 * where its bundle comes from. Cluster-scoped, like TrustDomain.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("FederatedTrustDomain")
@Plural("federatedtrustdomains")
@Singular("federatedtrustdomain")
@ShortNames("ftd")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Trust Domain", jsonPath = ".spec.trustDomain", type = Type.STRING)
@AdditionalPrinterColumn(name = "Sequence", jsonPath = ".status.sequence", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last Success",
    jsonPath = ".status.lastSuccessTime",
    type = Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class FederatedTrustDomain
    extends CustomResource<FederatedTrustDomainSpec, FederatedTrustDomainStatus> {

  @Override
  @Required
  @JsonPropertyDescription("The foreign trust domain's name and where its bundle is read from.")
  @JsonDeserialize(using = TolerantDeserializer.ForFederatedTrustDomainSpec.class)
  public void setSpec(FederatedTrustDomainSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last got of the foreign bundle: the Ready"
          + " condition, its sequence and fetch times.")
  @JsonDeserialize(using = TolerantDeserializer.ForFederatedTrustDomainStatus.class)
  public void setStatus(FederatedTrustDomainStatus status) {
    super.setStatus(status);
  }
}
