package dev.vsid.operator.inspect;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code vsid-operator inspect <path>}: reads an SVID Secret, as mounted files or as a manifest,
 * and prints what it holds and whether it is sound. Exit codes: 0 all is well, 1 a problem was
 * found (each on a line starting with {@code PROBLEM:}), 2 the command could not run (bad
 * arguments, missing or unreadable input). Key material is never printed.
 */
public final class InspectCommand {
  private InspectCommand() {}

  /** Runs with {@code args} as given after {@code inspect}; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, Clock.systemUTC());
  }

  static int run(String[] args, PrintStream out, Clock clock) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(InspectOptions.USAGE);
      return 0;
    }
    InspectOptions options;
    SvidMaterial material;
    try {
      options = InspectOptions.parse(args);
      material = SvidSources.load(options.path());
    } catch (UsageException e) {
      out.println("error: " + e.getMessage());
      out.println(InspectOptions.USAGE);
      return 2;
    } catch (RuntimeException | StackOverflowError e) {
      // An unusable path for this system's encoding, or a document nested too deep to read.
      out.println("error: the input cannot be read (" + e.getClass().getSimpleName() + ")");
      return 2;
    }
    Instant at = options.at().orElseGet(clock::instant);
    InspectReport report = SvidInspection.inspect(material, at);
    report.printTo(out);
    return report.exitCode();
  }
}
