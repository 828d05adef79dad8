package dev.vsid.operator.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Everything a user can type into a spec is bounded, so the API server refuses a huge value before
 * the operator reads it, and CEL rules have a bounded cost: every string has a maxLength or an
 * enum, every list a maxItems, every map a maxProperties.
 */
class SchemaLimitsTest {
  @Test
  void everyFieldOfATrustDomainSpecIsBounded() {
    assertThat(unbounded(CrdSchemas.TRUST_DOMAIN)).isEmpty();
  }

  @Test
  void everyFieldOfAWorkloadIdentitySpecIsBounded() {
    assertThat(unbounded(CrdSchemas.WORKLOAD_IDENTITY)).isEmpty();
  }

  private static List<String> unbounded(String kind) {
    List<String> found = new ArrayList<>();
    JsonNode spec = CrdSchemas.openApiSchema(kind).at("/properties/spec");
    assertThat(spec.isMissingNode()).isFalse();
    walk(spec, "spec", found);
    return found;
  }

  private static void walk(JsonNode schema, String path, List<String> found) {
    switch (schema.path("type").asText()) {
      case "string" -> {
        if (!schema.has("maxLength") && !schema.has("enum")) {
          found.add(path + ": a string without maxLength");
        }
      }
      case "array" -> {
        if (!schema.has("maxItems")) {
          found.add(path + ": a list without maxItems");
        }
        walk(schema.path("items"), path + "[]", found);
      }
      case "object" -> {
        if (schema.has("additionalProperties")) {
          if (!schema.has("maxProperties")) {
            found.add(path + ": a map without maxProperties");
          }
          walk(schema.get("additionalProperties"), path + "{}", found);
        }
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
          Map.Entry<String, JsonNode> property = properties.next();
          walk(property.getValue(), path + "." + property.getKey(), found);
        }
      }
      default -> {
        // booleans and numbers need no bound
      }
    }
  }
}
