package dev.vsid.operator.policy;

/**
 * Matches one path segment or DNS label against a pattern where {@code *} stands for any run of
 * characters. Linear in practice and never worse than pattern length times text length, so a
 * pattern with many stars cannot stall a reconcile the way a backtracking regular expression can.
 */
final class Glob {
  private Glob() {}

  static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
