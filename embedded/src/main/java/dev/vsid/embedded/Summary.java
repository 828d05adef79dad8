package dev.vsid.embedded;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Prints a run's outcome as a short table a person can read at a glance. */
final class Summary {
  private static final int SERIAL_DIGITS = 8;
  private static final String NONE = "-";
  private static final List<String> HEADER =
      List.of("IDENTITY", "SPIFFE ID", "SERIAL", "EXPIRES", "VERDICT");
  private static final List<String> BUNDLE_HEADER =
      List.of("BUNDLE CONFIGMAP", "SEQUENCE", "ROOTS", "KEYS", "VERDICT");

  private Summary() {}

  static void print(EmbeddedResult result, PrintStream out) {
    out.println();
    out.println("vsid-operator embedded mode: Kubernetes API at " + result.apiUrl());
    out.println(
        "applied " + result.applied().size() + " objects from " + folder(result.examples()));
    printTable(HEADER, result.identities().stream().map(Summary::row).toList(), out);
    if (!result.bundles().isEmpty()) {
      out.println();
      printTable(BUNDLE_HEADER, result.bundles().stream().map(Summary::row).toList(), out);
    }
    if (opensslWasMissing(result.identities())) {
      out.println("(no openssl on the PATH: the openssl verify check was skipped)");
    }
    out.println(result.handshake().describe());
    result.federation().describe().forEach(out::println);
    out.println("files written to " + folder(result.out()));
    if (result.ok()) {
      out.println("RESULT: OK");
    } else {
      out.println("RESULT: FAILED");
      result.problems().forEach(p -> out.println("  - " + p));
    }
  }

  private static boolean opensslWasMissing(List<IdentityReport> identities) {
    return identities.stream()
        .filter(IdentityReport::verified)
        .anyMatch(identity -> !identity.verdict().passed().contains(Verdict.OPENSSL));
  }

  /** A folder as people write it, with a trailing separator: "examples/". */
  static String folder(Path path) {
    String text = path.toString();
    return text.endsWith(File.separator) ? text : text + File.separator;
  }

  private static void printTable(List<String> header, List<List<String>> body, PrintStream out) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    rows.addAll(body);
    int[] widths = widths(rows);
    for (List<String> row : rows) {
      out.println(format(row, widths));
    }
  }

  private static List<String> row(IdentityReport identity) {
    IdentityState state = identity.state();
    Verdict verdict = identity.verdict();
    return List.of(
        state.id(),
        state.spiffeId() == null ? NONE : state.spiffeId(),
        verdict == null || verdict.serialNumber() == null ? NONE : shorten(verdict.serialNumber()),
        verdict == null || verdict.notAfter() == null ? NONE : expiry(verdict.notAfter()),
        identity.describe());
  }

  /** One bundle ConfigMap: where, bundle.json's sequence, ca.crt's roots, its keys, the verdict. */
  static List<String> row(BundleReport bundle) {
    return List.of(
        bundle.id(),
        bundle.sequence() == null ? NONE : bundle.sequence().toString(),
        bundle.files() == null ? NONE : Integer.toString(bundle.roots()),
        bundle.keys().isEmpty() ? NONE : String.join(",", bundle.keys()),
        bundle.describe());
  }

  private static String shorten(String serial) {
    return serial.length() <= SERIAL_DIGITS ? serial : serial.substring(0, SERIAL_DIGITS) + "...";
  }

  private static String expiry(Instant notAfter) {
    return notAfter.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static int[] widths(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() - 1; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    return widths;
  }

  private static String format(List<String> row, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < row.size() - 1; i++) {
      line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
    }
    return line.append(row.get(row.size() - 1)).toString();
  }
}
