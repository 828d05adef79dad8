package dev.vsid.embedded;

import dev.vsid.operator.distribution.BundleContent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a bundle ConfigMap's keys as files, as a pod that mounts the ConfigMap sees them: one file
 * per key of {@code data} (and of {@code binaryData}, decoded), in {@code
 * <root>/<namespace>/configmap-<name>/}, beside the folders of the namespace's SVID Secrets.
 */
final class BundleFiles {
  static final String FOLDER_PREFIX = "configmap-";

  /** The files of one bundle ConfigMap, in the folder that mirrors its mount. */
  record FileSet(Path dir, List<String> keys) {
    Path caCert() {
      return dir.resolve(BundleContent.PEM_KEY);
    }

    Path bundleJson() {
      return dir.resolve(BundleContent.SPIFFE_KEY);
    }
  }

  private final KubernetesClient client;
  private final Path root;

  BundleFiles(KubernetesClient client, Path root) {
    this.client = client;
    this.root = root;
  }

  /** The folder the ConfigMap's files go to. */
  Path folder(String namespace, String name) {
    return root.resolve(MountedFiles.checkedName(namespace))
        .resolve(FOLDER_PREFIX + MountedFiles.checkedName(name));
  }

  /**
   * Writes the ConfigMap's keys as files; empty when there is no such ConfigMap (files of an
   * earlier run are then removed, as the mount would be gone).
   *
   * @throws IllegalStateException when a key is not a safe file name
   */
  Optional<FileSet> write(String namespace, String name) throws IOException {
    Path dir = folder(namespace, name);
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
    if (configMap == null) {
      MountedFiles.remove(dir);
      return Optional.empty();
    }
    Map<String, byte[]> files = contents(configMap);
    MountedFiles.replace(dir, files, key -> false);
    return Optional.of(new FileSet(dir, List.copyOf(files.keySet())));
  }

  private static Map<String, byte[]> contents(ConfigMap configMap) {
    Map<String, byte[]> files = new TreeMap<>();
    if (configMap.getData() != null) {
      configMap
          .getData()
          .forEach(
              (key, text) ->
                  files.put(
                      MountedFiles.checkedKey(key, "ConfigMap"),
                      text.getBytes(StandardCharsets.UTF_8)));
    }
    if (configMap.getBinaryData() != null) {
      configMap
          .getBinaryData()
          .forEach(
              (key, base64) ->
                  files.put(
                      MountedFiles.checkedKey(key, "ConfigMap"),
                      Base64.getDecoder().decode(base64)));
    }
    return files;
  }
}
