package dev.vsid.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl, always with an explicit kubeconfig and its own cache folder, so it can reach
 * nothing but the local API it is given.
 */
final class Kubectl {
  /** What one kubectl command printed and returned. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Path kubeconfig;
  private final Path cache;

  Kubectl(Path kubeconfig, Path cache) {
    this.kubeconfig = kubeconfig;
    this.cache = cache;
  }

  /** The kubectl on the PATH, or null. */
  static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs kubectl with {@code args} and waits up to a minute for it. */
  Result run(String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of("--cache-dir", cache.toString(), "--request-timeout=20s"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("HOME", cache.toString());
    try {
      Path out = Files.createTempFile(cache, "out", ".txt");
      Path err = Files.createTempFile(cache, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " took over 60 s");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
