package dev.vsid.operator.policy;

import java.util.List;
import java.util.Map;

/**
 * An allowed SPIFFE ID path, such as {@code /ns/{namespace}/**} or {@code /team/{namespace}/*}.
 * Placeholders take the requesting identity's values; {@code *} stands for any characters within
 * one segment; a final {@code /**} stands for the path before it and every path under it.
 */
final class PathPattern {
  private final String text;
  private final boolean subtree;

  private PathPattern(String text, boolean subtree) {
    this.text = text;
    this.subtree = subtree;
  }

  /**
   * Reads a pattern.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static PathPattern parse(String pattern) {
    String placeholderProblem = Placeholders.problem(pattern);
    if (placeholderProblem != null) {
      throw new IllegalArgumentException(placeholderProblem);
    }
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("must start with '/', such as /ns/{namespace}/**");
    }
    boolean subtree = pattern.endsWith("/**");
    String base = subtree ? pattern.substring(0, pattern.length() - 3) : pattern;
    if (!base.isEmpty()) {
      requireSegments(base);
    }
    return new PathPattern(base, subtree);
  }

  private static void requireSegments(String base) {
    String literal = Placeholders.literalPart(base);
    if (!literal.matches("[A-Za-z0-9._/*-]*")) {
      throw new IllegalArgumentException(
          "may hold only letters, digits, '.', '-', '_', '*', '/' and placeholders");
    }
    for (String segment : List.of(base.substring(1).split("/", -1))) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("has an empty segment ('//' or a trailing '/')");
      }
      if (segment.contains("**")) {
        throw new IllegalArgumentException("may use '**' only as its last segment, as in /a/**");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("has a '.' or '..' segment");
      }
    }
  }

  /** Whether {@code path} is allowed for the identity whose placeholder values are given. */
  boolean matches(String path, Map<String, String> values) {
    String base = Placeholders.render(text, values);
    String[] want = base.isEmpty() ? new String[0] : base.substring(1).split("/", -1);
    String[] have = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {path};
    if (subtree ? have.length < want.length : have.length != want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!Glob.matches(want[i], have[i])) {
        return false;
      }
    }
    return true;
  }

  /** The pattern as the requesting identity would read it. */
  String describe(Map<String, String> values) {
    return Placeholders.render(text, values) + (subtree ? "/**" : "");
  }
}
