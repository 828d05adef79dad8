package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.TrustInvariant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FINDING 4 (trust gap, needs TrustDomain edit rights): rotations requested one after another (each
 * properly published and propagated) faster than SVIDs are reissued hit the four-root bound, which
 * drops the oldest retiring root although live SVIDs are still signed by it.
 */
class RepeatedRotationTest {
  private static final int IDENTITIES = 16;
  private final OperatorHarness harness =
      new OperatorHarness(settings -> settings.withReissuesPerSecond(1));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void fiveQuickRequestsDropARootThatLiveSvidsNeed() throws Exception {
    harness.createTrustDomain(
        "example",
        spec ->
            TenantAttackTest.rotatingSpec(
                spec,
                r -> {
                  r.setRenewBefore("24h");
                }));
    List<String[]> ids = new ArrayList<>();
    for (int i = 0; i < IDENTITIES; i++) {
      String ns = i % 2 == 0 ? "shop" : "payments";
      String name = "w" + i;
      harness.createIdentity(ns, name, s -> {});
      ids.add(new String[] {ns, name});
    }
    for (String[] id : ids) {
      harness.awaitIdentityReady(id[0], id[1]);
    }
    awaitPhase("Stable");
    try (TrustInvariant invariant = new TrustInvariant(harness, ids, "example")) {
      for (int i = 1; i <= 5; i++) {
        String request = "r" + i;
        harness
            .client()
            .resources(TrustDomain.class)
            .withName("example")
            .edit(
                t -> {
                  t.getSpec().getCa().getRotation().setRequest(request);
                  return t;
                });
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> {
                  var r = harness.trustDomain("example").getStatus().getRotation();
                  return r != null
                      && request.equals(r.getHandledRequest())
                      && "Propagating".equals(r.getPhase());
                });
        harness.clock().advance(Duration.ofMinutes(2));
        awaitPhase("Retiring");
        System.out.println(
            "after request "
                + i
                + ": retiring roots "
                + harness.trustDomain("example").getStatus().getRetiringCas().size()
                + ", violations so far "
                + invariant.violations().size());
      }
      Thread.sleep(500);
      System.out.println(
          "violations: " + invariant.violations().stream().distinct().limit(5).toList());
      assertThat(invariant.violations()).as("SVIDs that stopped verifying").isEmpty();
    }
  }

  private void awaitPhase(String phase) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus() != null
                  && td.getStatus().getRotation() != null
                  && phase.equals(td.getStatus().getRotation().getPhase());
            });
  }
}
