package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Declares that a service account in this namespace holds a SPIFFE identity, and where its
 * X.509-SVID is written.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("WorkloadIdentity")
@Plural("workloadidentities")
@Singular("workloadidentity")
@ShortNames("wid")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "SPIFFE ID", jsonPath = ".status.spiffeId", type = Type.STRING)
// Future times are shown as timestamps: a date column shows how long ago, and <invalid> ahead.
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".status.notAfter", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class WorkloadIdentity extends CustomResource<WorkloadIdentitySpec, WorkloadIdentityStatus>
    implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription(
      "The identity wanted: the trust domain, the service account, the"
          + " SPIFFE ID's path and the SVID's shape.")
  @JsonDeserialize(using = TolerantDeserializer.ForWorkloadIdentitySpec.class)
  public void setSpec(WorkloadIdentitySpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last observed: the Ready condition and the SVID now in the Secret.")
  @JsonDeserialize(using = TolerantDeserializer.ForWorkloadIdentityStatus.class)
  public void setStatus(WorkloadIdentityStatus status) {
    super.setStatus(status);
  }
}
