package dev.vsid.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs in crds/ and in the Helm chart's crds/ are what the build generates from the Java model,
 * byte for byte.
 */
class CommittedCrdsTest {
  private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
  private static final String REFRESH = "run mvn -Pupdate-crds -pl operator process-classes";

  private static Path committed(String folder) {
    String root = System.getProperty("vsid.repo.root", "..");
    return Path.of(root, folder);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"crds", "charts/vsid-operator/crds"})
  void theCommittedCrdsMatchTheOnesGeneratedFromTheModel(String folder) throws IOException {
    Path committed = committed(folder);
    List<String> generated = names(GENERATED);
    assertThat(generated).isNotEmpty();
    assertThat(names(committed)).as(folder + "/ is out of date: " + REFRESH).isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(committed.resolve(name)))
          .as(name + " in " + folder + "/ differs from the model: " + REFRESH + " and commit it")
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }
}
