package dev.vsid.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What an API server answers {@code kubectl get} for a custom resource: a {@code meta.k8s.io/v1}
 * Table whose columns are the name and the CRD's additional printer columns, in the CRD's order.
 * The mock server only stores objects; this turns its answer into that table.
 */
final class PrinterTable {
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final List<CustomResourceColumnDefinition> columns;
  private final Instant now;

  PrinterTable(List<CustomResourceColumnDefinition> columns, Instant now) {
    this.columns = columns;
    this.now = now;
  }

  /** The table of a list (its items) or of a single object, as JSON. */
  String convert(String listOrObject) {
    JsonNode answer = read(listOrObject);
    ObjectNode table = JSON.createObjectNode().put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", answer.path("metadata").path("resourceVersion").asText(""));
    columnDefinitions(table.putArray("columnDefinitions"));
    ArrayNode rows = table.putArray("rows");
    if (answer.has("items")) {
      answer.get("items").forEach(item -> rows.add(row(item)));
    } else {
      rows.add(row(answer));
    }
    return table.toString();
  }

  private void columnDefinitions(ArrayNode definitions) {
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name of the object, unique in its namespace.")
        .put("priority", 0);
    for (CustomResourceColumnDefinition column : columns) {
      definitions
          .addObject()
          .put("name", column.getName())
          .put("type", column.getType())
          .put("format", column.getFormat() == null ? "" : column.getFormat())
          .put("description", column.getDescription() == null ? "" : column.getDescription())
          .put("priority", column.getPriority() == null ? 0 : column.getPriority());
    }
  }

  private ObjectNode row(JsonNode object) {
    ObjectNode row = JSON.createObjectNode();
    ArrayNode cells = row.putArray("cells");
    cells.add(object.path("metadata").path("name").asText());
    for (CustomResourceColumnDefinition column : columns) {
      cells.add(cell(column, ColumnPath.parse(column.getJsonPath()).first(object)));
    }
    row.set("object", object);
    return row;
  }

  /** A missing value is null, which kubectl prints as {@code <none>}. */
  private JsonNode cell(CustomResourceColumnDefinition column, JsonNode value) {
    if (value == null || value.isNull()) {
      return JSON.nullNode();
    }
    return switch (column.getType()) {
      case "date" -> JSON.getNodeFactory().textNode(age(value.asText()));
      case "integer" -> value.canConvertToLong() ? JSON.valueToTree(value.asLong()) : value;
      default -> value.isContainerNode() ? JSON.getNodeFactory().textNode(value.toString()) : value;
    };
  }

  /** How long ago, as the API server writes it ({@code 45s}, {@code 3m12s}, {@code 5d}). */
  private String age(String timestamp) {
    try {
      return HumanDuration.of(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("the stored answer is not JSON", e);
    }
  }
}
