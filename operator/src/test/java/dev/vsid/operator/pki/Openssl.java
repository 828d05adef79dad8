package dev.vsid.operator.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} binary on files in a working directory. */
public final class Openssl {
  private static final long TIMEOUT_SECONDS = 30;

  /** What a run printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {}

  private Openssl() {}

  public static Result run(Path directory, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("openssl did not finish: " + command);
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** Runs openssl and returns its output, failing the test when it exits non-zero. */
  public static String ok(Path directory, String... arguments)
      throws IOException, InterruptedException {
    Result result = run(directory, arguments);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "openssl "
              + String.join(" ", arguments)
              + " exited "
              + result.exitCode()
              + ":\n"
              + result.output());
    }
    return result.output();
  }
}
