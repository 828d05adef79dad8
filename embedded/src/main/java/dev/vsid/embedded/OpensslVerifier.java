package dev.vsid.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code openssl verify}, when an {@code openssl} binary is on the PATH. */
final class OpensslVerifier {
  private static final long TIMEOUT_SECONDS = 15;

  private final Path binary;

  private OpensslVerifier(Path binary) {
    this.binary = binary;
  }

  /** The verifier, or empty when no {@code openssl} is on the PATH. */
  static Optional<OpensslVerifier> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "openssl");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(new OpensslVerifier(candidate));
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code openssl verify -CAfile ca.crt tls.crt}, naming tls.crt as the source of
   * intermediates too when it holds more than the leaf. Returns null when openssl accepts, else
   * what it said.
   */
  String verify(SvidFiles.FileSet files, boolean hasIntermediates) throws IOException {
    return verify(files, files.bundle(), hasIntermediates);
  }

  /** As {@link #verify(SvidFiles.FileSet, boolean)}, with the trust anchors from {@code caFile}. */
  String verify(SvidFiles.FileSet files, Path caFile, boolean hasIntermediates) throws IOException {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "verify", "-CAfile", caFile.toString()));
    if (hasIntermediates) {
      command.addAll(List.of("-untrusted", files.cert().toString()));
    }
    command.add(files.cert().toString());
    Path output = Files.createTempFile("openssl-verify", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close();
      int exit = waitFor(process);
      String said = Files.readString(output, StandardCharsets.UTF_8);
      boolean accepted = exit == 0 && said.strip().endsWith(": OK");
      return accepted ? null : "openssl verify said: " + firstLines(said);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static int waitFor(Process process) throws IOException {
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("openssl verify did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running openssl verify", e);
    }
  }

  private static String firstLines(String output) {
    String flat = output.strip().replace('\n', ' ');
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
