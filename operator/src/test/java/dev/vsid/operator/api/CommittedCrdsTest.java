package dev.vsid.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs in crds/ are what the build generates from the Java model, byte for byte. */
class CommittedCrdsTest {
  private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");

  private static Path committed() {
    String root = System.getProperty("vsid.repo.root", "..");
    return Path.of(root, "crds");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-v1.yml"))
          .sorted()
          .toList();
    }
  }

  @Test
  void theCommittedCrdsMatchTheOnesGeneratedFromTheModel() throws IOException {
    List<String> generated = names(GENERATED);
    assertThat(generated).isNotEmpty();
    assertThat(names(committed()))
        .as("crds/ is out of date: run mvn -Pupdate-crds -pl operator process-classes")
        .isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(committed().resolve(name)))
          .as(
              name
                  + " differs from the model: run mvn -Pupdate-crds -pl operator"
                  + " process-classes and commit crds/")
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }
}
