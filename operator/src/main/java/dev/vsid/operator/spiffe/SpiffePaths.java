package dev.vsid.operator.spiffe;

import java.util.List;

/** Validation of SPIFFE ID paths and path segments. */
public final class SpiffePaths {
  private SpiffePaths() {}

  /** Validates a path: empty, or {@code /segment(/segment)*} with no dot or empty segments. */
  public static void validate(String path) {
    if (path == null) {
      throw new InvalidSpiffeIdException(SpiffeIdError.EMPTY, "path", "", -1);
    }
    if (!path.isEmpty() && path.isBlank()) {
      throw new InvalidSpiffeIdException(SpiffeIdError.EMPTY, "path", path, -1);
    }
    validate(path, path, 0);
  }

  /** Validates {@code path}, which starts at {@code offset} of {@code whole}, for messages. */
  static void validate(String path, String whole, int offset) {
    String what = offset == 0 ? "path" : "SPIFFE ID";
    if (path.isEmpty()) {
      return;
    }
    if (path.charAt(0) != '/') {
      throw new InvalidSpiffeIdException(SpiffeIdError.MISSING_LEADING_SLASH, what, whole, -1);
    }
    int segmentStart = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i < path.length() && path.charAt(i) != '/') {
        if (!isPathChar(path.charAt(i))) {
          throw new InvalidSpiffeIdException(SpiffeIdError.BAD_PATH_CHAR, what, whole, offset + i);
        }
        continue;
      }
      checkSegmentEnd(path.substring(segmentStart, i), i == path.length(), what, whole);
      segmentStart = i + 1;
    }
  }

  private static void checkSegmentEnd(String segment, boolean last, String what, String whole) {
    if (segment.isEmpty()) {
      SpiffeIdError kind = last ? SpiffeIdError.TRAILING_SLASH : SpiffeIdError.EMPTY_SEGMENT;
      throw new InvalidSpiffeIdException(kind, what, whole, -1);
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw new InvalidSpiffeIdException(SpiffeIdError.DOT_SEGMENT, what, whole, -1);
    }
  }

  /** Joins segments into a path, validating each: a segment may not contain '/'. */
  public static String fromSegments(List<String> segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      validateSegment(segment);
      path.append('/').append(segment);
    }
    return path.toString();
  }

  /** Validates one path segment. */
  public static void validateSegment(String segment) {
    if (segment == null || segment.isEmpty()) {
      throw new InvalidSpiffeIdException(SpiffeIdError.EMPTY_SEGMENT, "path segment", "", -1);
    }
    for (int i = 0; i < segment.length(); i++) {
      if (!isPathChar(segment.charAt(i))) {
        throw new InvalidSpiffeIdException(SpiffeIdError.BAD_PATH_CHAR, "path segment", segment, i);
      }
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw new InvalidSpiffeIdException(SpiffeIdError.DOT_SEGMENT, "path segment", segment, -1);
    }
  }

  static boolean isPathChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_';
  }
}
