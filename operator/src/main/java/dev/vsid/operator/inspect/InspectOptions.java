package dev.vsid.operator.inspect;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The arguments of {@code inspect}: one path, and optionally {@code --at <RFC 3339 time>} to judge
 * validity at another instant than now.
 */
record InspectOptions(Path path, Optional<Instant> at) {
  static final String USAGE =
      "usage: vsid-operator inspect [--at <RFC 3339 time>] <folder with tls.crt, tls.key, ca.crt"
          + " | Secret as YAML or JSON>";

  static InspectOptions parse(String[] args) throws UsageException {
    Path path = null;
    Optional<Instant> at = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--at")) {
        if (i + 1 >= args.length) {
          throw new UsageException("--at needs a time, such as 2030-01-01T00:00:00Z");
        }
        at = Optional.of(parseTime(args[++i]));
      } else if (arg.startsWith("--at=")) {
        at = Optional.of(parseTime(arg.substring("--at=".length())));
      } else if (arg.startsWith("-")) {
        throw new UsageException("unknown option " + Text.quote(arg));
      } else if (path != null) {
        throw new UsageException("only one path may be given");
      } else {
        path = Path.of(arg);
      }
    }
    if (path == null) {
      throw new UsageException("no path was given");
    }
    return new InspectOptions(path, at);
  }

  private static Instant parseTime(String text) throws UsageException {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--at " + Text.quote(text) + " is not an RFC 3339 time, such as 2030-01-01T00:00:00Z");
    }
  }
}
