package dev.vsid.operator.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vectors kept in this module are the same as the team's shared ones, when those are beside the
 * checkout. The copies let the tests run from a clone on its own.
 */
class ConformanceCopiesTest {
  @ParameterizedTest
  @ValueSource(strings = {"spiffe_ids.tsv", "trust_domains.tsv", "path_segments.tsv"})
  void theCopiedVectorsMatchTheSharedOnes(String file) throws IOException {
    Path shared =
        Path.of(System.getProperty("vsid.repo.root", "../.."), "..", "shared", "conformance", file);
    assumeTrue(Files.exists(shared), "no shared conformance folder beside this checkout");
    try (InputStream copy = getClass().getResourceAsStream("/conformance/" + file)) {
      assertThat(new String(copy.readAllBytes())).isEqualTo(Files.readString(shared));
    }
  }
}
