package dev.vsid.operator.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A helm binary found on this machine: {@code $HELM}, else the one charts/check.sh fetches into
 * target/tools/bin, else {@code helm} on the PATH.
 */
final class Helm {
  static final Path REPO = Path.of(System.getProperty("vsid.repo.root", ".."));
  static final Path CHART = REPO.resolve("charts/vsid-operator");
  static final String NAMESPACE = "vsid-system";
  static final String NOT_FOUND =
      "no helm binary ($HELM, target/tools/bin/helm or helm on the PATH): run charts/check.sh"
          + " once to fetch one, and the chart is checked too";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Path binary;
  private final Map<List<String>, List<HasMetadata>> rendered = new ConcurrentHashMap<>();

  private Helm(Path binary) {
    this.binary = binary;
  }

  static Optional<Helm> find() {
    Stream<Path> candidates =
        Stream.concat(
            Stream.of(System.getenv("HELM")).filter(h -> h != null && !h.isBlank()).map(Path::of),
            Stream.concat(
                Stream.of(REPO.resolve("target/tools/bin/helm")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .filter(dir -> !dir.isBlank())
                    .map(dir -> Path.of(dir, "helm"))));
    return candidates.filter(Files::isExecutable).findFirst().map(Helm::new);
  }

  Path binary() {
    return binary;
  }

  /**
   * The objects {@code helm template} renders with these values files, CRDs included; rendered once
   * per list of files.
   */
  List<HasMetadata> template(String... valuesFiles) throws IOException, InterruptedException {
    List<String> key = List.of(valuesFiles);
    List<HasMetadata> objects = rendered.get(key);
    if (objects == null) {
      objects = render(valuesFiles);
      rendered.put(key, objects);
    }
    return objects;
  }

  private List<HasMetadata> render(String... valuesFiles) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "template", "vsid"));
    command.addAll(List.of(CHART.toString(), "--namespace", NAMESPACE, "--include-crds"));
    for (String values : valuesFiles) {
      command.addAll(List.of("--values", CHART.resolve(values).toString()));
    }
    Result result = run(command, 60);
    if (result.exitCode() != 0) {
      throw new AssertionError("helm template failed:\n" + result.output());
    }
    return parse(result.output());
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
    }
    return List.copyOf(objects);
  }

  record Result(int exitCode, String output) {}

  static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
