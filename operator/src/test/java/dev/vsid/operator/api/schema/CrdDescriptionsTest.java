package dev.vsid.operator.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field of every CRD has a description, so that {@code kubectl explain} helps. A field
 * without one comes from a model field without {@code @JsonPropertyDescription}.
 */
class CrdDescriptionsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        CrdSchemas.TRUST_DOMAIN,
        CrdSchemas.WORKLOAD_IDENTITY,
        CrdSchemas.FEDERATED_TRUST_DOMAIN
      })
  void everyFieldOfTheCrdHasADescription(String kind) {
    JsonNode schema = CrdSchemas.openApiSchema(kind);
    assertThat(schema.path("properties").size()).as("properties of " + kind).isPositive();

    assertThat(fieldsWithoutDescription(schema, ""))
        .as(kind + " fields without a description (add @JsonPropertyDescription)")
        .isEmpty();
  }

  /** Walks properties, list items and map values; returns the dotted paths of bare fields. */
  private static List<String> fieldsWithoutDescription(JsonNode schema, String path) {
    List<String> bare = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
      String fieldPath = path + "." + field.getKey();
      if (field.getValue().path("description").asText("").isBlank()) {
        bare.add(fieldPath);
      }
      bare.addAll(fieldsWithoutDescription(field.getValue(), fieldPath));
    }
    if (schema.has("items")) {
      bare.addAll(fieldsWithoutDescription(schema.get("items"), path + "[]"));
    }
    if (schema.path("additionalProperties").isObject()) {
      bare.addAll(fieldsWithoutDescription(schema.get("additionalProperties"), path + "{}"));
    }
    return bare;
  }
}
