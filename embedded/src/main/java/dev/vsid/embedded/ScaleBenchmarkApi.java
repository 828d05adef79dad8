package dev.vsid.embedded;

import java.io.IOException;

/**
 * The API server half of {@link ScaleBenchmark}: starts a local API with the CRDs, prints its URL,
 * serves until its standard input closes, then prints how many requests it served.
 */
public final class ScaleBenchmarkApi {
  private ScaleBenchmarkApi() {}

  public static void main(String[] args) throws IOException {
    try (LocalApiServer api = LocalApiServer.start()) {
      OperatorCrds.apply(api.client());
      System.out.println(api.url());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our input
      }
      System.out.println(api.requestCount());
    }
  }
}
