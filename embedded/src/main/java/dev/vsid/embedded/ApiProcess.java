package dev.vsid.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local API server in a child JVM ({@link ScaleBenchmarkApi}), so that heap measured in this JVM
 * is the operator's and not the in-memory store's. It answers on 127.0.0.1 only.
 */
final class ApiProcess implements AutoCloseable {
  static final String JAVA_OPTIONS = "vsid.benchmark.apiJavaOptions";

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final String url;

  /**
   * Requests the API served so far, the ConfigMap writes among them, and the CPU time used so far
   * by the API's JVM and by this one (all threads, the JIT compilers and the collector included).
   */
  record Counts(long requests, long configMapWrites, Duration apiCpu, Duration ownCpu) {
    Counts since(Counts earlier) {
      return new Counts(
          requests - earlier.requests,
          configMapWrites - earlier.configMapWrites,
          apiCpu.minus(earlier.apiCpu),
          ownCpu.minus(earlier.ownCpu));
    }
  }

  private ApiProcess(Process process) throws IOException {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String first = out.readLine();
    if (first == null || !first.startsWith("http://127.0.0.1:")) {
      process.destroy();
      throw new IllegalStateException("the API process did not start: " + first);
    }
    this.url = first;
  }

  /**
   * Starts the API JVM. Options for it (say, to profile it) can be given in the system property
   * {@value #JAVA_OPTIONS}, separated by spaces.
   */
  static ApiProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String options = System.getProperty(JAVA_OPTIONS, "").strip();
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), ScaleBenchmarkApi.class.getName()));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new ApiProcess(process);
  }

  String url() {
    return url;
  }

  /** The API process's id, for jcmd and the like. */
  long pid() {
    return process.pid();
  }

  Counts counts() throws IOException {
    in.println(ScaleBenchmarkApi.COUNTS);
    String line = out.readLine();
    if (line == null) {
      throw new IOException("the API process ended");
    }
    String[] parts = line.strip().split(" ");
    return new Counts(
        Long.parseLong(parts[0]),
        Long.parseLong(parts[1]),
        cpu(process.toHandle()),
        cpu(ProcessHandle.current()));
  }

  private static Duration cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Stops the API and returns how many requests it served in all. */
  long stop() throws IOException {
    in.close();
    String total = out.readLine();
    if (total == null) {
      throw new IOException("the API process ended without its count");
    }
    return Long.parseLong(total.strip());
  }

  @Override
  public void close() {
    process.destroy();
  }
}
