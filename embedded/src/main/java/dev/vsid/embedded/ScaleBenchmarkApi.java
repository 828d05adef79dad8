package dev.vsid.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The API server half of the benchmarks ({@link ScaleBenchmark}, {@link BundleScaleBenchmark}):
 * starts a local API with the CRDs and prints its URL. Each line it then reads ("counts") is
 * answered with one line, "requests configMapWrites" so far. When its standard input closes, it
 * prints how many requests it served and ends.
 */
public final class ScaleBenchmarkApi {
  static final String COUNTS = "counts";

  private ScaleBenchmarkApi() {}

  public static void main(String[] args) throws IOException {
    try (LocalApiServer api = LocalApiServer.start()) {
      OperatorCrds.apply(api.client());
      System.out.println(api.url());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (COUNTS.equals(line.strip())) {
          System.out.println(api.requestCount() + " " + api.configMapWrites());
          System.out.flush();
        }
      }
      System.out.println(api.requestCount());
    }
  }
}
