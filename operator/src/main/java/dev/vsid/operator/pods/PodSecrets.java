package dev.vsid.operator.pods;

import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Secrets a pod uses, each with the first place it is used, for messages: secret and projected
 * volumes, and {@code env} and {@code envFrom} of every container, init container and ephemeral
 * container.
 */
public final class PodSecrets {
  /** The service account of a pod that names none. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  private final Map<String, String> uses = new LinkedHashMap<>();

  private PodSecrets() {}

  /** Secret name to where the pod uses it, such as {@code volume "svid"}, in order of use. */
  public static Map<String, String> of(Pod pod) {
    PodSecrets found = new PodSecrets();
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return Map.of();
    }
    found.volumes(spec.getVolumes());
    for (var c : orEmpty(spec.getInitContainers())) {
      found.environment("init container", c.getName(), c.getEnv(), c.getEnvFrom());
    }
    for (var c : orEmpty(spec.getContainers())) {
      found.environment("container", c.getName(), c.getEnv(), c.getEnvFrom());
    }
    for (var c : orEmpty(spec.getEphemeralContainers())) {
      found.environment("ephemeral container", c.getName(), c.getEnv(), c.getEnvFrom());
    }
    return found.uses;
  }

  private void volumes(List<Volume> volumes) {
    for (Volume volume : orEmpty(volumes)) {
      String where = "volume " + quote(volume.getName());
      if (volume.getSecret() != null) {
        add(volume.getSecret().getSecretName(), where);
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : orEmpty(volume.getProjected().getSources())) {
          if (source.getSecret() != null) {
            add(source.getSecret().getName(), "projected " + where);
          }
        }
      }
    }
  }

  private void environment(
      String kind, String name, List<EnvVar> env, List<EnvFromSource> envFrom) {
    String where = kind + " " + quote(name);
    for (EnvVar variable : orEmpty(env)) {
      var from = variable.getValueFrom();
      if (from != null && from.getSecretKeyRef() != null) {
        add(from.getSecretKeyRef().getName(), "env " + quote(variable.getName()) + " of " + where);
      }
    }
    for (EnvFromSource source : orEmpty(envFrom)) {
      if (source.getSecretRef() != null) {
        add(source.getSecretRef().getName(), "envFrom of " + where);
      }
    }
  }

  private void add(String secretName, String where) {
    if (secretName != null && !secretName.isEmpty()) {
      uses.putIfAbsent(secretName, where);
    }
  }

  private static String quote(String value) {
    return Text.quote(value);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * The service account a pod runs as: {@code spec.serviceAccountName}, else the deprecated {@code
   * spec.serviceAccount}, else {@code default}.
   */
  public static String serviceAccountOf(Pod pod) {
    var spec = pod.getSpec();
    if (spec != null
        && spec.getServiceAccountName() != null
        && !spec.getServiceAccountName().isEmpty()) {
      return spec.getServiceAccountName();
    }
    if (spec != null && spec.getServiceAccount() != null && !spec.getServiceAccount().isEmpty()) {
      return spec.getServiceAccount();
    }
    return DEFAULT_SERVICE_ACCOUNT;
  }
}
