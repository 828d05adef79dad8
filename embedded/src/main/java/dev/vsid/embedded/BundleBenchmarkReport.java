package dev.vsid.embedded;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the figures of {@link BundleScaleBenchmark} and prints them as a small table. */
final class BundleBenchmarkReport {
  /** One measured phase. */
  record Phase(String name, long nanos, ApiProcess.Counts counts, String note) {}

  private final int namespaces;
  private final int concurrency;
  private final List<Phase> phases = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private List<ApiBaseline.Loop> baseline = List.of();
  private long heapBefore;
  private long heapWith;
  private long totalRequests;
  private long sequence;

  BundleBenchmarkReport(int namespaces, int concurrency) {
    this.namespaces = namespaces;
    this.concurrency = concurrency;
  }

  void phase(String name, long nanos, ApiProcess.Counts counts, String note) {
    phases.add(new Phase(name, nanos, counts, note));
  }

  void note(String note) {
    notes.add(note);
  }

  void sequence(long value) {
    sequence = value;
  }

  long sequence() {
    return sequence;
  }

  void heapBefore(long bytes) {
    heapBefore = bytes;
  }

  void heapWith(long bytes) {
    heapWith = bytes;
  }

  void totalRequests(long requests) {
    totalRequests = requests;
  }

  void baseline(List<ApiBaseline.Loop> loops) {
    baseline = List.copyOf(loops);
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%nbundle distribution to %d namespaces, %d concurrent writes (%d cores, Java %s)%n",
        namespaces,
        concurrency,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    out.printf(
        Locale.ROOT,
        "%-44s %8s %9s %9s %8s %8s%n",
        "phase",
        "time",
        "CM writes",
        "requests",
        "op CPU",
        "API CPU");
    for (Phase phase : phases) {
      out.printf(
          Locale.ROOT,
          "%-44s %8s %9d %9d %8s %8s  %s%n",
          phase.name(),
          seconds(phase.nanos()),
          phase.counts().configMapWrites(),
          phase.counts().requests(),
          seconds(phase.counts().ownCpu().toNanos()),
          seconds(phase.counts().apiCpu().toNanos()),
          phase.note());
    }
    out.println(
        "(CM writes: POST/PUT/PATCH/DELETE on ConfigMaps; op CPU: the operator's JVM, API CPU:"
            + " the API's JVM, each with its JIT compilers and collector)");
    notes.forEach(note -> out.println(note));
    for (ApiBaseline.Loop loop : baseline) {
      out.printf(
          Locale.ROOT,
          "baseline, no operator: %d ConfigMap %s, %d client thread%s: %s (%.0f/s)%n",
          loop.requests(),
          loop.what(),
          loop.threads(),
          loop.threads() == 1 ? "" : "s",
          seconds(loop.nanos()),
          loop.requests() / (loop.nanos() / 1e9));
    }
    out.printf(Locale.ROOT, "live heap before operator start:     %.1f MB%n", heapBefore / 1e6);
    out.printf(
        Locale.ROOT,
        "live heap with %d ConfigMaps:      %.1f MB (%.1f KB per namespace)%n",
        namespaces,
        heapWith / 1e6,
        (heapWith - heapBefore) / 1e3 / namespaces);
    out.printf(Locale.ROOT, "API requests served in all:          %d%n", totalRequests);
  }
}
