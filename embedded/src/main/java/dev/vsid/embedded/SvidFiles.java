package dev.vsid.embedded;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes an SVID Secret's data keys as files, as a pod that mounts the Secret sees them: one file
 * per key, named by the key, holding the decoded bytes. Private keys are made readable by their
 * owner only, from the moment the file exists.
 */
final class SvidFiles {
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String BUNDLE = "ca.crt";

  /** Names Kubernetes allows for namespaces and Secrets; no separators, no "..". */
  private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  /** Names Kubernetes allows for Secret data keys. */
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

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
    Path dir = root.resolve(checkedName(namespace)).resolve(checkedName(secretName));
    Map<String, byte[]> files = decodedData(namespace, secretName);
    Files.createDirectories(dir);
    removeOldFiles(dir);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      writeFile(dir.resolve(file.getKey()), file.getValue(), isPrivateKey(file.getKey()));
    }
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
      files.put(checkedKey(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
    }
    return files;
  }

  private static String checkedName(String name) {
    if (name == null || !OBJECT_NAME.matcher(name).matches()) {
      throw new IllegalStateException("refusing to use \"" + name + "\" as a folder name");
    }
    return name;
  }

  private static String checkedKey(String key) {
    if (!DATA_KEY.matcher(key).matches() || key.equals(".") || key.startsWith("..")) {
      throw new IllegalStateException("refusing to write Secret data key \"" + key + "\"");
    }
    return key;
  }

  private static boolean isPrivateKey(String key) {
    return key.endsWith(".key");
  }

  /** Clears files of an earlier run, so the folder shows only what the Secret holds now. */
  private static void removeOldFiles(Path dir) throws IOException {
    try (Stream<Path> old = Files.list(dir)) {
      for (Path file : old.filter(Files::isRegularFile).toList()) {
        Files.delete(file);
      }
    }
  }

  private static void writeFile(Path file, byte[] content, boolean ownerOnly) throws IOException {
    Set<PosixFilePermission> mode = ownerOnly ? OWNER_ONLY : READABLE;
    if (supportsPosix(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
      Files.setPosixFilePermissions(file, mode);
    } else {
      Files.createFile(file);
      restrictWithoutPosix(file, ownerOnly);
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
      out.write(content);
    }
  }

  private static void restrictWithoutPosix(Path file, boolean ownerOnly) {
    if (ownerOnly) {
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
      file.toFile().setWritable(false, false);
      file.toFile().setWritable(true, true);
    }
  }

  private static boolean supportsPosix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
