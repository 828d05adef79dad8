package dev.vsid.operator.webhook;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.identity.IdentityDirectory;
import dev.vsid.operator.pods.PodSecrets;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a pod may use the SVID Secrets it names: each must belong only to
 * WorkloadIdentities of the pod's own service account. An SVID Secret is one that a
 * WorkloadIdentity in the pod's namespace writes to (whether or not it exists yet), or an existing
 * Secret with the SVID labels, which belongs to the identity that owns it.
 */
final class PodBindingPolicy {
  static final String DEFAULT_SERVICE_ACCOUNT = "default";

  private final IdentityDirectory directory;

  /** The answer: allowed, or denied with an HTTP-style code and a message saying what to change. */
  record Verdict(boolean allowed, int code, String message) {
    static Verdict allow() {
      return new Verdict(true, 200, null);
    }

    static Verdict deny(int code, String message) {
      return new Verdict(false, code, message);
    }
  }

  PodBindingPolicy(IdentityDirectory directory) {
    this.directory = directory;
  }

  Verdict review(String namespace, Pod pod) {
    Map<String, String> uses = PodSecrets.of(pod);
    if (uses.isEmpty()) {
      return Verdict.allow();
    }
    if (!directory.isReady()) {
      return Verdict.deny(
          503, "the vsid operator has not loaded its WorkloadIdentities yet; retry");
    }
    String serviceAccount = serviceAccountOf(pod);
    for (Map.Entry<String, String> use : uses.entrySet()) {
      Optional<String> problem = check(namespace, use.getKey(), use.getValue(), serviceAccount);
      if (problem.isPresent()) {
        return Verdict.deny(403, problem.get());
      }
    }
    return Verdict.allow();
  }

  static String serviceAccountOf(Pod pod) {
    return PodSecrets.serviceAccountOf(pod);
  }

  private Optional<String> check(
      String namespace, String secretName, String where, String serviceAccount) {
    List<WorkloadIdentity> identities = new ArrayList<>(directory.naming(namespace, secretName));
    Optional<Secret> svidSecret = directory.svidSecret(namespace, secretName);
    if (svidSecret.isPresent()) {
      List<WorkloadIdentity> owners = directory.owners(svidSecret.get());
      if (owners.isEmpty() && identities.isEmpty()) {
        return Optional.of(orphan(secretName, where));
      }
      owners.stream().filter(o -> !identities.contains(o)).forEach(identities::add);
    }
    identities.sort(Comparator.comparing(wi -> wi.getMetadata().getName()));
    for (WorkloadIdentity identity : identities) {
      String owner = serviceAccountOf(identity);
      if (!serviceAccount.equals(owner)) {
        return Optional.of(mismatch(secretName, where, identity, owner, serviceAccount));
      }
    }
    return Optional.empty();
  }

  private static String serviceAccountOf(WorkloadIdentity identity) {
    var spec = identity.getSpec();
    return spec == null ? null : spec.getServiceAccountName();
  }

  private static String mismatch(
      String secretName, String where, WorkloadIdentity identity, String owner, String pods) {
    String belongs =
        owner == null
            ? "which names no service account"
            : "which belongs to service account " + Text.quote(owner);
    String fix =
        owner == null
            ? "set spec.serviceAccountName of the WorkloadIdentity"
            : "run the pod as service account " + Text.quote(owner) + " (spec.serviceAccountName)";
    return "Secret "
        + Text.quote(secretName)
        + " ("
        + where
        + ") holds the SPIFFE identity of WorkloadIdentity "
        + Text.quote(identity.getMetadata().getName())
        + ", "
        + belongs
        + ", but this pod runs as service account "
        + Text.quote(pods)
        + ". To use it, "
        + fix
        + "; otherwise remove the Secret from the pod, or give service account "
        + Text.quote(pods)
        + " a WorkloadIdentity of its own";
  }

  private static String orphan(String secretName, String where) {
    return "Secret "
        + Text.quote(secretName)
        + " ("
        + where
        + ") holds a SPIFFE identity whose WorkloadIdentity no longer exists; remove the Secret"
        + " from the pod, or create a WorkloadIdentity for the pod's service account";
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
