package dev.vsid.operator.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every custom resource the project shows users passes the CRD schemas. */
class ExampleManifestsSchemaTest {
  private static final String API_VERSION = "vsid.dev/v1alpha1";
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyCustomResourceInTheExamplesPassesTheSchema() throws IOException {
    List<String> checked = new ArrayList<>();
    Path examples = CrdSchemas.repoRoot().resolve("examples");
    try (Stream<Path> files = Files.walk(examples)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode doc : CrdSchemas.readYaml(file)) {
          if (API_VERSION.equals(doc.path("apiVersion").asText())) {
            String what = examples.relativize(file) + ": " + describe(doc);
            assertThat(CrdSchemas.validate(doc)).as(what).isEmpty();
            checked.add(what);
          }
        }
      }
    }
    assertThat(checked)
        .as("custom resources found in examples/")
        .anyMatch(c -> c.contains("TrustDomain "))
        .anyMatch(c -> c.contains("partner/") && c.contains("FederatedTrustDomain "))
        .filteredOn(c -> c.contains("WorkloadIdentity "))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void everyCustomResourceInTheReadmePassesTheSchema() throws IOException {
    String readme = Files.readString(CrdSchemas.repoRoot().resolve("README.md"));
    Matcher block = YAML_BLOCK.matcher(readme);
    List<String> checked = new ArrayList<>();
    Path tmp = Files.createTempFile("readme", ".yaml");
    try {
      while (block.find()) {
        Files.writeString(tmp, block.group(1));
        for (JsonNode doc : CrdSchemas.readYaml(tmp)) {
          if (API_VERSION.equals(doc.path("apiVersion").asText())) {
            assertThat(CrdSchemas.validate(doc)).as("README.md: " + describe(doc)).isEmpty();
            checked.add(describe(doc));
          }
        }
      }
    } finally {
      Files.delete(tmp);
    }
    assertThat(checked).as("custom resources in README.md").isNotEmpty();
  }

  private static String describe(JsonNode doc) {
    return doc.path("kind").asText()
        + " "
        + doc.at("/metadata/namespace").asText("")
        + "/"
        + doc.at("/metadata/name").asText();
  }
}
