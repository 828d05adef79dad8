package dev.vsid.operator.metrics;

import static dev.vsid.operator.testing.Scrape.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.Scrape;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The number of series does not grow with the number of identities. */
class SeriesCountTest {
  private static final int FEW = 10;
  private static final int MANY = 200;

  @Test
  void twoHundredIdentitiesGiveAsManySeriesAsTen() {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.createTrustDomain("example", "example.org");
      harness.awaitTrustDomain("example", "True", null);
      InetSocketAddress address = harness.operator().metricsAddress().orElseThrow();

      createIdentities(harness, 0, FEW);
      awaitIssued(address, FEW);
      Map<String, Double> few = Scrape.metrics(address);
      createIdentities(harness, FEW, MANY);
      awaitIssued(address, MANY);
      long started = System.nanoTime();
      String body = Scrape.get(address, "/metrics").body();
      long scrapeMicros = (System.nanoTime() - started) / 1000;
      Map<String, Double> many = Scrape.series(body);
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/scrape.txt"), body);
      } catch (Exception e) {
      }

      System.out.printf(
          "Series: %d with %d identities, %d with %d; scrape %d bytes in %d us%n",
          few.size(), FEW, many.size(), MANY, body.length(), scrapeMicros);
      assertThat(many.keySet())
          .as("series that appeared between %d and %d identities", FEW, MANY)
          .containsAll(few.keySet());
      assertThat(many.size() - few.size())
          .as("new series: only retry-count label values may be new")
          .isLessThanOrEqualTo(10);
      assertThat(many.size()).isLessThan(400);
    }
  }

  private static void createIdentities(OperatorHarness harness, int from, int to) {
    for (int i = from; i < to; i++) {
      harness.createIdentity(i % 2 == 0 ? "shop" : "payments", "app-" + i, spec -> {});
    }
  }

  private static void awaitIssued(InetSocketAddress address, int count) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                value(Scrape.metrics(address), "vsid_svids_issued_total", "reason=\"first_issue\""),
            n -> n != null && n >= count);
  }
}
