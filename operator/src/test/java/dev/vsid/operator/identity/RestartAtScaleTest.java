package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A restart with 1,000 identities in place writes nothing. */
class RestartAtScaleTest {
  private static final int IDENTITIES = 1000;

  private final OperatorHarness harness =
      new OperatorHarness(settings -> settings.withRecheckInterval(Duration.ofMinutes(10)));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void restartingWithAThousandValidIdentitiesMakesNoWrites() throws Exception {
    harness.createTrustDomain("example", "example.org");
    ExecutorService creators = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> created =
          IntStream.range(0, IDENTITIES)
              .mapToObj(
                  i ->
                      creators.submit(
                          () ->
                              harness.createIdentity(
                                  i % 2 == 0 ? "shop" : "payments", "svc-" + i, spec -> {})))
              .<Future<?>>map(f -> f)
              .toList();
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      creators.shutdown();
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> readyCount() == IDENTITIES);
    Thread.sleep(2000);

    harness.stopOperator();
    int before = harness.cluster().requestCount();
    harness.startOperator();
    // Every identity and the trust domain are looked at again after the restart.
    Thread.sleep(8000);

    List<String> requests = harness.cluster().requests();
    List<String> writes =
        requests.subList(before, requests.size()).stream()
            .filter(r -> !r.startsWith("GET "))
            .toList();
    assertThat(writes).as("writes after restarting with %d identities", IDENTITIES).isEmpty();
    assertThat(readyCount()).isEqualTo(IDENTITIES);
  }

  private long readyCount() {
    return harness
        .client()
        .resources(WorkloadIdentity.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .filter(
            wi ->
                wi.getStatus() != null
                    && Conditions.isTrue(wi.getStatus().getConditions(), Condition.READY))
        .count();
  }
}
