package dev.vsid.operator.policy;

import dev.vsid.operator.text.Text;
import java.util.Map;
import java.util.Set;

/** The {@code {placeholder}} syntax shared by policy patterns. */
final class Placeholders {
  static final Set<String> NAMES = Set.of("namespace", "serviceAccount", "name", "trustDomain");

  private Placeholders() {}

  /**
   * Checks that every brace opens a known placeholder and closes it.
   *
   * @return null when well formed, else what is wrong
   */
  static String problem(String pattern) {
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '}') {
        return "has a '}' with no '{'";
      }
      if (c == '{') {
        int close = pattern.indexOf('}', i);
        if (close < 0) {
          return "has a '{' with no '}'";
        }
        String name = pattern.substring(i + 1, close);
        if (!NAMES.contains(name)) {
          return "uses the unknown placeholder "
              + Text.quote("{" + name + "}")
              + "; use {namespace}, {serviceAccount}, {name} or {trustDomain}";
        }
        i = close + 1;
        continue;
      }
      i++;
    }
    return null;
  }

  /** Replaces each placeholder of a well-formed pattern with its value. */
  static String render(String pattern, Map<String, String> values) {
    StringBuilder out = new StringBuilder(pattern.length() + 32);
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = pattern.indexOf('}', i);
      out.append(values.get(pattern.substring(i + 1, close)));
      i = close + 1;
    }
    return out.toString();
  }

  /** The pattern with its placeholders removed, to check the characters around them. */
  static String literalPart(String pattern) {
    return render(
        pattern, Map.of("namespace", "", "serviceAccount", "", "name", "", "trustDomain", ""));
  }
}
