package dev.vsid.operator.spiffe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SPIFFE test vectors kept in src/test/resources/conformance (copies of the team's shared
 * conformance files: {@code ConformanceCopiesTest} checks they have not drifted).
 */
final class ConformanceVectors {
  private static final Pattern KIND = Pattern.compile("^([A-Z_]+)");

  /** One row: the input (escapes decoded), whether it is valid, and the expectation column. */
  record Row(int line, String input, boolean valid, String expectation, String api) {
    String errorKind() {
      Matcher m = KIND.matcher(expectation);
      if (!m.find()) {
        throw new IllegalStateException("line " + line + " has no error kind: " + expectation);
      }
      return m.group(1);
    }

    @Override
    public String toString() {
      String shown = input.length() > 60 ? input.substring(0, 60) + "..." : input;
      return "line " + line + ": " + shown.replace("\t", "\\t").replace("\n", "\\n");
    }
  }

  private ConformanceVectors() {}

  static List<Row> read(String file) throws IOException {
    try (InputStream in = ConformanceVectors.class.getResourceAsStream("/conformance/" + file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\n", -1));
      List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
      int input = header.indexOf("input");
      int expected = header.indexOf("expected");
      int api = header.indexOf("api");
      return java.util.stream.IntStream.range(1, lines.size())
          .filter(i -> !lines.get(i).isEmpty())
          .mapToObj(
              i -> {
                String[] cells = lines.get(i).split("\t", -1);
                return new Row(
                    i + 1,
                    unescape(cells[input]),
                    "valid".equals(cells[expected]),
                    cells[expected + 1],
                    api < 0 ? null : cells[api]);
              })
          .toList();
    }
  }

  /** The files write TAB, LF and NUL as \t, \n and \x00. */
  static String unescape(String cell) {
    return cell.replace("\\t", "\t").replace("\\n", "\n").replace("\\x00", "\u0000");
  }
}
