package dev.vsid.embedded;

import java.nio.file.Path;

/**
 * Command-line options of the embedded mode.
 *
 * @param examples the folder of YAML files to apply
 * @param out where the SVID files are written
 * @param keepRunning keep the API and operator up after the summary, until Ctrl-C
 * @param help only print the usage
 */
record EmbeddedOptions(Path examples, Path out, boolean keepRunning, boolean help) {
  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar vsid-embedded.jar [--examples DIR] [--out DIR] [--keep-running]",
          "  --examples DIR   YAML files to apply, in file-name order (default: examples)",
          "  --out DIR        where SVID Secrets are written as files (default: vsid-embedded-out)",
          "  --keep-running   keep the local Kubernetes API and the operator up until Ctrl-C");

  static EmbeddedOptions parse(String... args) {
    Path examples = Path.of("examples");
    Path out = Path.of("vsid-embedded-out");
    boolean keepRunning = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--examples" -> examples = Path.of(value(args, ++i, "--examples"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--keep-running" -> keepRunning = true;
        case "-h", "--help" -> {
          return new EmbeddedOptions(examples, out, false, true);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new EmbeddedOptions(examples, out, keepRunning, false);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].isBlank()) {
      throw new IllegalArgumentException(option + " needs a folder");
    }
    return args[index];
  }
}
