package dev.vsid.operator.hostile.corpus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the generated parts of a corpus resource, so that a file can ask for values too large to
 * keep in the repository. In the JSON text of a resource:
 *
 * <ul>
 *   <li>{@code $(repeat TEXT COUNT)} anywhere in a string becomes TEXT repeated COUNT times;
 *   <li>the string {@code "$(nest-arrays DEPTH)"} becomes arrays nested DEPTH levels deep;
 *   <li>the string {@code "$(nest-objects DEPTH)"} becomes objects nested DEPTH levels deep;
 *   <li>the string {@code "$(dns-names COUNT)"} becomes a list of COUNT valid DNS names.
 * </ul>
 */
final class Generators {
  private static final Pattern REPEAT = Pattern.compile("\\$\\(repeat ([A-Za-z0-9.-]+) (\\d+)\\)");
  private static final Pattern WHOLE =
      Pattern.compile("\"\\$\\((nest-arrays|nest-objects|dns-names) (\\d+)\\)\"");

  private Generators() {}

  static String expand(String json) {
    Matcher repeat = REPEAT.matcher(json);
    StringBuilder out = new StringBuilder();
    while (repeat.find()) {
      String text = repeat.group(1).repeat(Integer.parseInt(repeat.group(2)));
      repeat.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    repeat.appendTail(out);
    Matcher whole = WHOLE.matcher(out.toString());
    StringBuilder result = new StringBuilder();
    while (whole.find()) {
      int count = Integer.parseInt(whole.group(2));
      whole.appendReplacement(result, Matcher.quoteReplacement(generate(whole.group(1), count)));
    }
    whole.appendTail(result);
    return result.toString();
  }

  private static String generate(String what, int count) {
    return switch (what) {
      case "nest-arrays" -> "[".repeat(count) + "]".repeat(count);
      case "nest-objects" -> "{\"a\":".repeat(count) + "true" + "}".repeat(count);
      default -> dnsNames(count);
    };
  }

  private static String dnsNames(int count) {
    StringBuilder names = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      names.append(i == 0 ? "" : ",").append("\"host-").append(i).append(".shop.svc\"");
    }
    return names.append(']').toString();
  }
}
