package dev.vsid.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of JSONPath that printer columns use: fields ({@code .status.notAfter}), list indexes
 * ({@code [0]}, {@code [*]}) and equality filters ({@code [?(@.type=="Ready")]}).
 */
final class ColumnPath {
  private static final Pattern STEP =
      Pattern.compile(
          "\\.([^.\\[]+)" + "|\\[(\\d+|\\*)]" + "|\\[\\?\\(@\\.([^=]+)==[\"']([^\"']*)[\"']\\)]");

  /** One step: a field name, a list index ({@code *} for all), or a filter's field and value. */
  private record Step(String field, String index, String filterField, String filterValue) {}

  private final List<Step> steps;

  private ColumnPath(List<Step> steps) {
    this.steps = steps;
  }

  /** Parses {@code path}; throws IllegalArgumentException on anything outside the subset. */
  static ColumnPath parse(String path) {
    List<Step> steps = new ArrayList<>();
    Matcher matcher = STEP.matcher(path);
    int at = 0;
    while (at < path.length()) {
      if (!matcher.find(at) || matcher.start() != at) {
        throw new IllegalArgumentException("unsupported JSONPath " + path + " at " + at);
      }
      steps.add(new Step(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)));
      at = matcher.end();
    }
    return new ColumnPath(steps);
  }

  /** The first value the path selects in {@code object}, or null. */
  JsonNode first(JsonNode object) {
    List<JsonNode> values = List.of(object);
    for (Step step : steps) {
      values = apply(step, values);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static List<JsonNode> apply(Step step, List<JsonNode> values) {
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode value : values) {
      if (step.field() != null) {
        addIfPresent(next, value.get(step.field()));
      } else if ("*".equals(step.index())) {
        value.forEach(next::add);
      } else if (step.index() != null) {
        addIfPresent(next, value.get(Integer.parseInt(step.index())));
      } else {
        for (JsonNode element : value) {
          JsonNode field = element.get(step.filterField());
          if (field != null && step.filterValue().equals(field.asText())) {
            next.add(element);
          }
        }
      }
    }
    return next;
  }

  private static void addIfPresent(List<JsonNode> values, JsonNode value) {
    if (value != null && !value.isMissingNode()) {
      values.add(value);
    }
  }
}
