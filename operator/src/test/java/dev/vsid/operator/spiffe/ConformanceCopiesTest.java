package dev.vsid.operator.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The conformance data kept in this module's test resources is the team's shared data, file for
 * file and byte for byte, whenever the shared folder is beside the checkout (as it is in CI).
 */
class ConformanceCopiesTest {
  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void theCopiedConformanceDataMatchesTheSharedData() throws IOException {
    Path shared =
        Path.of(System.getProperty("vsid.repo.root", "../.."), "..", "shared", "conformance")
            .normalize();
    assumeTrue(Files.isDirectory(shared), "no shared conformance folder beside this checkout");
    Path copy = Path.of("src", "test", "resources", "conformance");

    assertThat(files(copy)).as("files under " + copy).isEqualTo(files(shared));
    for (Path file : files(shared)) {
      assertThat(Files.readAllBytes(copy.resolve(file)))
          .as(file + " differs from the shared copy; copy it again from " + shared)
          .isEqualTo(Files.readAllBytes(shared.resolve(file)));
    }
  }
}
