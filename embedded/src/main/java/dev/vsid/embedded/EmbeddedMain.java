package dev.vsid.embedded;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar vsid-embedded.jar [--examples DIR] [--out DIR] [--keep-running]}: runs the
 * operator against a local Kubernetes API, applies the examples, and proves the SVIDs it issues
 * work. Exits 0 only when every identity verified and the mutual TLS proof succeeded.
 */
public final class EmbeddedMain {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private EmbeddedMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    EmbeddedOptions options;
    try {
      options = EmbeddedOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(EmbeddedOptions.USAGE);
      return USAGE;
    }
    if (options.help()) {
      out.println(EmbeddedOptions.USAGE);
      return OK;
    }
    if (!Files.isDirectory(options.examples())) {
      out.println("examples folder " + options.examples() + " does not exist (see --examples)");
      return USAGE;
    }
    return run(options, out);
  }

  private static int run(EmbeddedOptions options, PrintStream out) {
    out.println("vsid-operator embedded mode: starting a local Kubernetes API and the operator");
    EmbeddedMode mode;
    try {
      mode = EmbeddedMode.start();
    } catch (RuntimeException e) {
      out.println("embedded mode could not start: " + describe(e));
      return FAILED;
    }
    try {
      EmbeddedResult result = mode.run(options.examples(), options.out(), out::println);
      Summary.print(result, out);
      if (options.keepRunning()) {
        keepRunning(mode, options.out(), out);
      }
      return result.ok() ? OK : FAILED;
    } catch (RuntimeException e) {
      out.println("embedded mode failed: " + describe(e));
      return FAILED;
    } finally {
      mode.close();
    }
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Serves until Ctrl-C. The shutdown hook stops the operator and the API; this thread only waits,
   * and the JVM ends when the hook has run.
   */
  private static void keepRunning(EmbeddedMode mode, Path folder, PrintStream out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping the operator and the local Kubernetes API");
                  mode.close();
                  stopped.countDown();
                },
                "embedded-shutdown"));
    out.println();
    out.println("Kubernetes API at " + mode.apiUrl() + " ; the operator keeps reconciling.");
    mode.metricsUrl()
        .ifPresent(
            url ->
                out.println(
                    "The operator's metrics: curl "
                        + url
                        + "/metrics ; its probes: "
                        + url
                        + "/healthz and "
                        + url
                        + "/readyz"));
    printKubeconfig(folder.resolve("kubeconfig"), mode.apiUrl(), "vsid-embedded", out);
    if (mode.partnerApiUrl() != null) {
      out.println("Partner cluster's API at " + mode.partnerApiUrl() + ".");
      printKubeconfig(
          folder.resolve("partner.kubeconfig"), mode.partnerApiUrl(), "vsid-partner", out);
    }
    out.println(
        "  (kubectl apply and patch need --validate=false: the local API serves no OpenAPI)");
    out.println("Press Ctrl-C to stop.");
    awaitQuietly(stopped);
  }

  /** Writes a kubeconfig for the API at {@code url} and prints how to use it. */
  private static void printKubeconfig(Path file, String url, String name, PrintStream out) {
    try {
      Kubeconfig.write(file, url, name);
    } catch (UncheckedIOException e) {
      out.println("  could not write " + file + ": " + e.getCause().getMessage());
      return;
    }
    String kubectl = "kubectl --kubeconfig " + file;
    out.println("  kubeconfig: " + file);
    out.println("  try: " + kubectl + " get wid,td,ftd -A");
    out.println("       " + kubectl + " get wid -A -o yaml");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
