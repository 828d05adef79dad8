package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.processing.event.EventProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A namespace whose bundle write failed, and which then went away or is being deleted, must not
 * keep its retry time: the TrustDomain would otherwise be reconciled again and again, every 100 ms,
 * for a namespace where nothing is to be written. One that still fails keeps backing off.
 */
class GoneNamespaceBackoffTest {
  private OperatorHarness harness;
  private final ListAppender<ILoggingEvent> schedule = new ListAppender<>();
  private final Logger processor = (Logger) LoggerFactory.getLogger(EventProcessor.class);
  private Level level;

  @BeforeEach
  void start() {
    // A recheck interval longer than the test, so any reschedule seen is a retry.
    harness = new OperatorHarness(settings -> settings.withRecheckInterval(Duration.ofHours(1)));
    level = processor.getLevel();
  }

  @AfterEach
  void stop() {
    processor.detachAppender(schedule);
    processor.setLevel(level);
    processor.setAdditive(true);
    harness.close();
  }

  @Test
  void aDeletedNamespaceWhoseWriteFailedIsNotRetriedForever() throws Exception {
    harness
        .cluster()
        .failNext(r -> r.startsWith("POST /api/v1/namespaces/payments/configmaps"), 403, 100);
    harness.createTrustDomain("example", "example.org");
    awaitBundles(Condition.FALSE);

    harness.client().namespaces().withName("payments").delete();
    awaitBundles(Condition.TRUE);
    harness.clock().advance(Duration.ofMinutes(10));
    harness.client().namespaces().withName("shop").edit(ns -> touch(ns));

    assertThat(shortReschedulesWithin(Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void aTerminatingNamespaceWhoseWriteFailedIsNotRetriedForever() throws Exception {
    harness
        .cluster()
        .failNext(r -> r.startsWith("POST /api/v1/namespaces/payments/configmaps"), 403, 100);
    harness.createTrustDomain("example", "example.org");
    awaitBundles(Condition.FALSE);

    harness
        .client()
        .namespaces()
        .withName("payments")
        .edit(ns -> withFinalizer(ns, "example.com/hold"));
    harness.client().namespaces().withName("payments").delete();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> "NamespaceTerminating".equals(paymentsFailure()));
    harness.clock().advance(Duration.ofMinutes(10));
    harness.client().namespaces().withName("shop").edit(ns -> touch(ns));

    assertThat(shortReschedulesWithin(Duration.ofSeconds(2))).isEmpty();
  }

  private String paymentsFailure() {
    TrustDomain td = harness.trustDomain("example");
    return td.getStatus().getBundle().getFailures().stream()
        .filter(f -> f.getNamespace().equals("payments"))
        .map(f -> f.getReason())
        .findFirst()
        .orElse(null);
  }

  private static Namespace withFinalizer(Namespace ns, String finalizer) {
    ns.getMetadata().setFinalizers(List.of(finalizer));
    return ns;
  }

  @Test
  void aNamespaceThatStillFailsKeepsBackingOff() throws Exception {
    harness
        .cluster()
        .failNext(r -> r.startsWith("POST /api/v1/namespaces/payments/configmaps"), 403, 100);
    harness.createTrustDomain("example", "example.org");
    awaitBundles(Condition.FALSE);
    int attempts = paymentsCreates();

    harness.clock().advance(Duration.ofMinutes(10));
    harness.client().namespaces().withName("shop").edit(ns -> touch(ns));
    await().atMost(OperatorHarness.WAIT).until(() -> paymentsCreates() > attempts);
    Thread.sleep(2000);

    assertThat(paymentsCreates()).isEqualTo(attempts + 1);
  }

  private int paymentsCreates() {
    return harness
        .cluster()
        .writes(r -> r.startsWith("POST /api/v1/namespaces/payments/configmaps"))
        .size();
  }

  private static Namespace touch(Namespace ns) {
    ns.getMetadata().setLabels(Map.of("touched", "yes"));
    return ns;
  }

  /** Reschedules of the TrustDomain sooner than a second, seen in the framework's debug log. */
  private List<String> shortReschedulesWithin(Duration period) throws InterruptedException {
    processor.setAdditive(false);
    processor.setLevel(Level.DEBUG);
    schedule.start();
    processor.addAppender(schedule);
    Thread.sleep(period.toMillis());
    return schedule.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith("Rescheduling event for resource: ResourceID{name='example'"))
        .filter(m -> Long.parseLong(m.substring(m.lastIndexOf(' ') + 1)) < 1000)
        .toList();
  }

  private void awaitBundles(String status) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td != null
                  && td.getStatus() != null
                  && Conditions.find(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC)
                      .filter(c -> status.equals(c.getStatus()))
                      .isPresent();
            });
  }
}
