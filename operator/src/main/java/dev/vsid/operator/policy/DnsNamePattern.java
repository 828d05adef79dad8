package dev.vsid.operator.policy;

import java.util.Map;

/**
 * An allowed DNS name, such as {@code *.{namespace}.svc} or {@code **.shop.example.com}.
 * Placeholders take the requesting identity's values; {@code *} stands for any characters within
 * one label (a requested wildcard label {@code *} is allowed only where the pattern has one); a
 * leading {@code **.} stands for one or more labels.
 */
final class DnsNamePattern {
  private final String text;
  private final boolean anyDepth;

  private DnsNamePattern(String text, boolean anyDepth) {
    this.text = text;
    this.anyDepth = anyDepth;
  }

  /**
   * Reads a pattern.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static DnsNamePattern parse(String pattern) {
    String placeholderProblem = Placeholders.problem(pattern);
    if (placeholderProblem != null) {
      throw new IllegalArgumentException(placeholderProblem);
    }
    boolean anyDepth = pattern.startsWith("**.");
    String rest = anyDepth ? pattern.substring(3) : pattern;
    String literal = Placeholders.literalPart(rest);
    if (!literal.matches("[a-z0-9.*-]*")) {
      throw new IllegalArgumentException(
          "may hold only lowercase letters, digits, '.', '-', '*' and placeholders");
    }
    for (String label : rest.split("\\.", -1)) {
      if (label.isEmpty()) {
        throw new IllegalArgumentException("has an empty label ('..', or a '.' at either end)");
      }
      if (label.contains("**")) {
        throw new IllegalArgumentException("may use '**' only as its first label, as in **.a.b");
      }
    }
    return new DnsNamePattern(rest, anyDepth);
  }

  /** Whether {@code name} is allowed for the identity whose placeholder values are given. */
  boolean matches(String name, Map<String, String> values) {
    String[] want = Placeholders.render(text, values).split("\\.", -1);
    String[] have = name.split("\\.", -1);
    int extra = have.length - want.length;
    if (anyDepth ? extra < 1 : extra != 0) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!Glob.matches(want[i], have[i + extra])) {
        return false;
      }
    }
    return true;
  }

  String describe(Map<String, String> values) {
    return (anyDepth ? "**." : "") + Placeholders.render(text, values);
  }
}
