package dev.vsid.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the issuance benchmark for each key type, then {@code openssl speed} for the same algorithm
 * in the same run, and prints both with their ratio. openssl's figure is signatures only (no key
 * generation, no certificate, no encoding), so the ratio is how much of native signing speed a
 * whole issuance keeps.
 *
 * <p>Run: {@code java -jar benchmarks/target/vsid-benchmarks.jar [KEYTYPE...]}
 */
public final class IssuanceVsOpenssl {
  private static final List<String> ALL =
      List.of("ECP256", "ECP384", "RSA2048", "RSA3072", "RSA4096", "Ed25519");
  private static final int OPENSSL_SECONDS = 3;

  private IssuanceVsOpenssl() {}

  public static void main(String[] args) throws Exception {
    List<String> keyTypes = args.length == 0 ? ALL : List.of(args);
    Options options =
        new OptionsBuilder()
            .include(IssuanceBenchmark.class.getSimpleName())
            .param("keyType", keyTypes.toArray(String[]::new))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-8s %16s %16s %8s",
            "key",
            "SVIDs/s (1 core)",
            "openssl sign/s",
            "ratio"));
    for (String keyType : keyTypes) {
      double ours = scoreOf(results, keyType);
      OptionalDouble openssl = OpensslSpeed.signsPerSecond(keyType, OPENSSL_SECONDS);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-8s %16.0f %16s %8s",
              keyType,
              ours,
              openssl.isPresent()
                  ? String.format(Locale.ROOT, "%.0f", openssl.getAsDouble())
                  : "n/a",
              openssl.isPresent()
                  ? String.format(Locale.ROOT, "%.3f", ours / openssl.getAsDouble())
                  : "n/a"));
    }
    System.out.println();
    System.out.println("Issuance (key generation + signing + check + PEM) against openssl speed:");
    lines.forEach(System.out::println);
  }

  private static double scoreOf(Collection<RunResult> results, String keyType) {
    return results.stream()
        .filter(r -> keyType.equals(r.getParams().getParam("keyType")))
        .mapToDouble(r -> r.getPrimaryResult().getScore())
        .findFirst()
        .orElse(Double.NaN);
  }
}
