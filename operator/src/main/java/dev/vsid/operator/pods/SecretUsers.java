package dev.vsid.operator.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Finds a pod that already uses a Secret while running as another service account. Admission checks
 * a pod only when it is created, so a pod created before the identity that names its Secret would
 * otherwise receive that identity's SVID once the Secret is written.
 */
public final class SecretUsers {
  private final KubernetesClient client;

  public SecretUsers(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A pod of {@code namespace}, not finished, that uses Secret {@code secretName} and runs as a
   * service account other than {@code serviceAccount}, described for a message; empty when none.
   */
  public Optional<String> otherThan(String namespace, String secretName, String serviceAccount) {
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      if (finished(pod)) {
        continue;
      }
      String where = PodSecrets.of(pod).get(secretName);
      String runsAs = PodSecrets.serviceAccountOf(pod);
      if (where != null && !runsAs.equals(serviceAccount)) {
        return Optional.of(
            "pod "
                + pod.getMetadata().getName()
                + " (service account "
                + runsAs
                + ", "
                + where
                + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
