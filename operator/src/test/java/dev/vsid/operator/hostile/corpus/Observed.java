package dev.vsid.operator.hostile.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.Map;

/** The conditions of the corpus resources as the API holds them, by kind, namespace and name. */
public final class Observed {
  private final Map<String, JsonNode> byKey = new HashMap<>();

  /** Reads every resource the rows could be, in two or three list calls. */
  public static Observed read(RawApi api, Iterable<CorpusRow> rows) {
    Observed observed = new Observed();
    Map<String, Boolean> listed = new HashMap<>();
    for (CorpusRow row : rows) {
      String list = row.kind() + "/" + row.namespace();
      if (listed.putIfAbsent(list, true) == null) {
        for (JsonNode item : api.list(row.kind(), row.namespace())) {
          JsonNode metadata = item.path("metadata");
          String namespace =
              metadata.hasNonNull("namespace") ? metadata.get("namespace").asText() : null;
          observed.byKey.put(key(row.kind(), namespace, metadata.path("name").asText()), item);
        }
      }
    }
    return observed;
  }

  /** The row's resource as stored, or a missing node. */
  public JsonNode resource(CorpusRow row) {
    JsonNode resource = byKey.get(key(row.kind(), row.namespace(), row.name()));
    return resource == null ? MissingNode.getInstance() : resource;
  }

  /** The row's condition of the expected type, or a missing node. */
  public JsonNode condition(CorpusRow row) {
    for (JsonNode condition : resource(row).path("status").path("conditions")) {
      if (row.conditionType().equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  /** True when the row's condition has the expected status and reason. */
  public boolean settled(CorpusRow row) {
    JsonNode condition = condition(row);
    return row.conditionStatus().equals(condition.path("status").asText())
        && row.reason().equals(condition.path("reason").asText());
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
