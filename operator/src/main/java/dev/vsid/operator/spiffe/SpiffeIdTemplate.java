package dev.vsid.operator.spiffe;

import dev.vsid.operator.text.Text;
import java.util.Map;
import java.util.TreeSet;

/**
 * A SPIFFE ID path with placeholders such as {@code /ns/{namespace}/sa/{serviceAccount}}. Each
 * placeholder is replaced by its value; the result must be a valid, non-empty path.
 */
public final class SpiffeIdTemplate {
  private SpiffeIdTemplate() {}

  /**
   * Renders {@code template} with {@code values} and returns the ID in {@code trustDomain}.
   *
   * @throws IllegalArgumentException naming the unknown placeholder, unbalanced brace or the reason
   *     the rendered ID is invalid
   */
  public static SpiffeId render(
      String template, Map<String, String> values, TrustDomainName trustDomain) {
    String path = substitute(template, values);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the SPIFFE ID path is empty; a workload ID needs a path");
    }
    try {
      return SpiffeId.of(trustDomain, path);
    } catch (InvalidSpiffeIdException e) {
      String rendered = Text.quote(path);
      throw new IllegalArgumentException(
          "the SPIFFE ID path renders to " + rendered + ", which is invalid: " + e.getMessage(), e);
    }
  }

  private static String substitute(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '}') {
        throw new IllegalArgumentException("the SPIFFE ID path has a '}' with no '{'");
      }
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i);
      if (close < 0) {
        throw new IllegalArgumentException("the SPIFFE ID path has a '{' with no '}'");
      }
      String name = template.substring(i + 1, close);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "unknown placeholder "
                + Text.quote("{" + name + "}")
                + " in the SPIFFE ID path; use "
                + String.join(
                    ", ",
                    new TreeSet<>(values.keySet()).stream().map(k -> "{" + k + "}").toList()));
      }
      out.append(value);
      i = close + 1;
    }
    return out.toString();
  }
}
