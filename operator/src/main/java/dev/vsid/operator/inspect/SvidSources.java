package dev.vsid.operator.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the SVID files from a folder (as a pod mounts a Secret) or from a Secret manifest. Anything
 * missing or unreadable is a usage error; what is read is judged later.
 */
final class SvidSources {
  /** Far above any real Secret (the API server caps them at 1 MiB). */
  static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private SvidSources() {}

  static SvidMaterial load(Path path) throws UsageException {
    if (!Files.exists(path)) {
      throw new UsageException("no such file or folder: " + shown(path));
    }
    if (Files.isDirectory(path)) {
      return fromFolder(path);
    }
    return SecretManifest.read(path, readText(path));
  }

  private static SvidMaterial fromFolder(Path folder) throws UsageException {
    return new SvidMaterial(
        "folder " + shown(folder),
        readText(folder.resolve(SvidMaterial.CERT)),
        readText(folder.resolve(SvidMaterial.KEY)),
        readText(folder.resolve(SvidMaterial.CA)));
  }

  /** The file's bytes as text; bytes that are not ASCII cannot belong to PEM and stay visible. */
  static String readText(Path file) throws UsageException {
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new UsageException(shown(file) + " is not a regular file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new UsageException(shown(file) + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("cannot read " + shown(file) + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UsageException("cannot read " + shown(file) + ": permission denied");
    } catch (IOException e) {
      throw new UsageException("cannot read " + shown(file) + ": " + e.getClass().getSimpleName());
    }
  }

  static String shown(Path path) {
    return Text.oneLine(path.toString());
  }
}
