package dev.vsid.operator.api.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code openAPIV3Schema} of each committed CRD in {@code crds/}, as a JSON Schema (OpenAPI 3.0
 * dialect) that validates manifests the way the API server's schema check does. The CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated here: only a real API server runs them.
 */
public final class CrdSchemas {
  public static final String TRUST_DOMAIN = "TrustDomain";
  public static final String WORKLOAD_IDENTITY = "WorkloadIdentity";
  public static final String FEDERATED_TRUST_DOMAIN = "FederatedTrustDomain";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, String> FILES =
      Map.of(
          TRUST_DOMAIN, "trustdomains.vsid.dev-v1.yml",
          WORKLOAD_IDENTITY, "workloadidentities.vsid.dev-v1.yml",
          FEDERATED_TRUST_DOMAIN, "federatedtrustdomains.vsid.dev-v1.yml");
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  /** OpenAPI 3.0, knowing that the API server's own keywords validate nothing here. */
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getOpenApi30())
          .keyword(new NonValidationKeyword("x-kubernetes-validations"))
          .build();

  /**
   * One reason a manifest is refused.
   *
   * @param field JSON pointer of the field at fault (for a missing field, where it should be)
   * @param keyword the schema keyword that failed: type, pattern, maxLength, required, enum...
   * @param message the validator's explanation
   */
  public record Violation(String field, String keyword, String message) {}

  private CrdSchemas() {}

  /** The repository's root directory, where crds/ and examples/ are. */
  public static Path repoRoot() {
    return Path.of(System.getProperty("vsid.repo.root", ".."));
  }

  /** The committed CRD of {@code kind}, as a tree. */
  public static JsonNode crd(String kind) {
    return readYaml(repoRoot().resolve("crds").resolve(FILES.get(kind))).get(0);
  }

  /** The openAPIV3Schema of the only version of {@code kind}'s CRD. */
  public static JsonNode openApiSchema(String kind) {
    JsonNode versions = crd(kind).at("/spec/versions");
    if (versions.size() != 1) {
      throw new IllegalStateException(kind + " has " + versions.size() + " versions; expected 1");
    }
    return versions.get(0).at("/schema/openAPIV3Schema");
  }

  /** Why the schema of the manifest's kind refuses it; empty when it is accepted. */
  public static List<Violation> validate(JsonNode manifest) {
    String kind = manifest.path("kind").asText();
    if (!FILES.containsKey(kind)) {
      throw new IllegalArgumentException("not a vsid.dev kind: " + kind);
    }
    Schema schema =
        SCHEMAS.computeIfAbsent(
            kind, k -> SchemaRegistry.withDefaultDialect(DIALECT).getSchema(openApiSchema(k)));
    return schema.validate(manifest).stream()
        .map(
            e ->
                new Violation(
                    e.getInstanceLocation().toString()
                        + (e.getProperty() == null ? "" : "/" + e.getProperty()),
                    e.getKeyword(),
                    e.getMessage()))
        .toList();
  }

  /** Every document of a YAML file; empty documents are skipped. */
  public static List<JsonNode> readYaml(Path file) {
    try (var parser = YAML.createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(n -> n != null && !n.isNull() && !n.isMissingNode())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Parses one YAML document. */
  public static ObjectNode parse(String yaml) {
    try {
      return (ObjectNode) YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Turns a model object (such as a custom resource) into the tree the API would receive. */
  public static ObjectNode tree(Object value) {
    return YAML.valueToTree(value);
  }

  /** Sets the field at {@code pointer} (its parent must exist) to {@code value}. */
  public static ObjectNode with(ObjectNode manifest, String pointer, Object value) {
    ObjectNode copy = manifest.deepCopy();
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode parent = copy.at(path.head());
    String last = path.last().getMatchingProperty();
    JsonNode node = YAML.valueToTree(value);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), node);
    } else if (parent instanceof ObjectNode object) {
      object.set(last, node);
    } else {
      throw new IllegalArgumentException("no object or list at the parent of " + pointer);
    }
    return copy;
  }

  /** Removes the field at {@code pointer}. */
  public static ObjectNode without(ObjectNode manifest, String pointer) {
    ObjectNode copy = manifest.deepCopy();
    JsonPointer path = JsonPointer.compile(pointer);
    ((ObjectNode) copy.at(path.head())).remove(path.last().getMatchingProperty());
    return copy;
  }
}
