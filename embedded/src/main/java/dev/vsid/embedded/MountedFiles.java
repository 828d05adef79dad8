package dev.vsid.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of files as a pod sees a mounted Secret or ConfigMap: one file per data key, named by
 * the key, and nothing else. Names that could leave the folder are refused.
 */
final class MountedFiles {
  /** Names Kubernetes allows for namespaces, Secrets and ConfigMaps; no separators, no "..". */
  private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  /** Names Kubernetes allows for Secret and ConfigMap data keys. */
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private MountedFiles() {}

  /**
   * Replaces the files in {@code dir} with {@code files}; those {@code ownerOnly} picks are
   * readable by their owner only, from the moment they exist.
   */
  static void replace(Path dir, Map<String, byte[]> files, Predicate<String> ownerOnly)
      throws IOException {
    Files.createDirectories(dir);
    removeOldFiles(dir);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      writeFile(dir.resolve(file.getKey()), file.getValue(), ownerOnly.test(file.getKey()));
    }
  }

  /** Removes {@code dir} and its files, when it exists. */
  static void remove(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      removeOldFiles(dir);
      Files.delete(dir);
    }
  }

  static String checkedName(String name) {
    if (name == null || !OBJECT_NAME.matcher(name).matches()) {
      throw new IllegalStateException("refusing to use \"" + name + "\" as a folder name");
    }
    return name;
  }

  /** {@code key} when it is safe as a file name; {@code kind} names its object in the refusal. */
  static String checkedKey(String key, String kind) {
    if (!DATA_KEY.matcher(key).matches() || key.equals(".") || key.startsWith("..")) {
      throw new IllegalStateException("refusing to write " + kind + " data key \"" + key + "\"");
    }
    return key;
  }

  /** Clears files of an earlier run, so the folder shows only what the object holds now. */
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
