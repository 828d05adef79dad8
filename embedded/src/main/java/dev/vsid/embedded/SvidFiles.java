package dev.vsid.embedded;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an SVID Secret's data keys as files, as a pod that mounts the Secret sees them: one file
 * per key, named by the key, holding the decoded bytes. Private keys are made readable by their
 * owner only, from the moment the file exists.
 */
final class SvidFiles {
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String BUNDLE = "ca.crt";

  /** The files of one SVID, in the folder that mirrors the Secret's mount. */
  record FileSet(Path dir) {
    Path cert() {
      return dir.resolve(CERT);
    }

    Path key() {
      return dir.resolve(KEY);
    }

    Path bundle() {
      return dir.resolve(BUNDLE);
    }
  }

  private final KubernetesClient client;
  private final Path root;

  SvidFiles(KubernetesClient client, Path root) {
    this.client = client;
    this.root = root;
  }

  /** Writes {@code <root>/<namespace>/<secretName>/<key>} for every data key of the Secret. */
  FileSet write(String namespace, String secretName) throws IOException {
    Path dir =
        root.resolve(MountedFiles.checkedName(namespace))
            .resolve(MountedFiles.checkedName(secretName));
    MountedFiles.replace(dir, decodedData(namespace, secretName), SvidFiles::isPrivateKey);
    return new FileSet(dir);
  }

  /** The Secret's data, decoded; the Secret object itself never leaves this method. */
  private Map<String, byte[]> decodedData(String namespace, String secretName) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null || secret.getData() == null || secret.getData().isEmpty()) {
      throw new IllegalStateException(
          "Secret " + namespace + "/" + secretName + " is missing or has no data");
    }
    Map<String, byte[]> files = new TreeMap<>();
    for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
      files.put(
          MountedFiles.checkedKey(entry.getKey(), "Secret"),
          Base64.getDecoder().decode(entry.getValue()));
    }
    return files;
  }

  private static boolean isPrivateKey(String key) {
    return key.endsWith(".key");
  }
}
