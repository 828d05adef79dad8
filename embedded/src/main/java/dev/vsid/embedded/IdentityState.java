package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentityStatus;
import dev.vsid.operator.status.Conditions;
import java.util.Comparator;
import java.util.Optional;

/**
 * What the operator reported for one WorkloadIdentity: its Ready condition and, when ready, the
 * SPIFFE ID and the Secret it issued; and the TrustDomain resource it names (null when none).
 */
record IdentityState(
    String namespace,
    String name,
    boolean ready,
    String reason,
    String message,
    String spiffeId,
    String secretName,
    String trustDomainRef) {

  /** Orders identities as "namespace/name" strings sort. */
  static final Comparator<IdentityState> BY_NAME =
      Comparator.comparing(IdentityState::namespace).thenComparing(IdentityState::name);

  static IdentityState of(WorkloadIdentity wi) {
    String namespace = wi.getMetadata().getNamespace();
    String name = wi.getMetadata().getName();
    WorkloadIdentityStatus status = wi.getStatus();
    Optional<Condition> ready =
        status == null
            ? Optional.empty()
            : Conditions.find(status.getConditions(), Condition.READY);
    if (ready.isEmpty()) {
      return notReported(namespace, name, trustDomainRef(wi));
    }
    Condition condition = ready.get();
    boolean isReady = Condition.TRUE.equals(condition.getStatus()) && status.getSpiffeId() != null;
    return new IdentityState(
        namespace,
        name,
        isReady,
        condition.getReason(),
        condition.getMessage(),
        status.getSpiffeId(),
        secretName(wi),
        trustDomainRef(wi));
  }

  private static IdentityState notReported(String namespace, String name, String trustDomainRef) {
    String message = "the operator has not reported on this identity";
    return new IdentityState(
        namespace, name, false, "NoStatus", message, null, null, trustDomainRef);
  }

  private static String trustDomainRef(WorkloadIdentity wi) {
    return wi.getSpec() == null ? null : wi.getSpec().getTrustDomain();
  }

  /** The Secret the SVID went to: the status says, else the spec's default rule. */
  private static String secretName(WorkloadIdentity wi) {
    if (wi.getStatus().getSecretName() != null) {
      return wi.getStatus().getSecretName();
    }
    if (wi.getSpec() != null && wi.getSpec().getSecretName() != null) {
      return wi.getSpec().getSecretName();
    }
    return wi.getMetadata().getName();
  }

  /** "namespace/name". */
  String id() {
    return namespace + "/" + name;
  }
}
