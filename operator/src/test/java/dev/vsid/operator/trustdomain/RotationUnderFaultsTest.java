package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.TrustInvariant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CA rotation while the API server misbehaves: server errors, conflicts on the CA Secret, slow
 * answers and dropped watches. It must still converge, with nothing lost or duplicated and no
 * moment in which an SVID fails to verify.
 */
class RotationUnderFaultsTest {
  private static final List<String[]> IDENTITIES =
      List.of(
          new String[] {"shop", "web"},
          new String[] {"shop", "cart"},
          new String[] {"payments", "api"});

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aRotationConvergesThroughServerErrorsConflictsSlowAnswersAndDroppedWatches()
      throws Exception {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          CaSpec ca = new CaSpec();
          ca.setTtl("720h");
          CaRotationSpec rotation = new CaRotationSpec();
          rotation.setRenewBefore("719h");
          rotation.setPropagationDelay("2s");
          ca.setRotation(rotation);
          spec.setCa(ca);
        });
    for (String[] id : IDENTITIES) {
      harness.createIdentity(id[0], id[1], spec -> {});
    }
    for (String[] id : IDENTITIES) {
      harness.awaitIdentityReady(id[0], id[1]);
    }
    String old = awaitStable().getStatus().getCa().getFingerprint();
    var cluster = harness.cluster();

    try (TrustInvariant invariant = new TrustInvariant(harness, IDENTITIES, "example")) {
      cluster.failNext(r -> r.startsWith("PUT ") && r.contains("/secrets/vsid-ca-example"), 409, 2);
      cluster.failNext(r -> r.startsWith("PUT ") && r.contains("/configmaps/"), 500, 3);
      cluster.failNext(r -> r.startsWith("POST ") && r.contains("/configmaps"), 503, 2);
      cluster.failNext(
          r -> r.startsWith("PUT ") && r.contains("/namespaces/shop/secrets/"), 500, 2);
      cluster.failNext(r -> r.contains("/status"), 409, 2);
      cluster.delayNext(r -> !r.startsWith("GET "), Duration.ofMillis(700), 6);
      harness.clock().advance(Duration.ofMinutes(61));

      int dropped = 0;
      for (int i = 0; i < 4; i++) {
        Thread.sleep(700);
        dropped += cluster.dropWatches();
      }
      assertThat(dropped).as("watch connections dropped").isGreaterThan(4);

      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                TrustDomain td = harness.trustDomain("example");
                return !old.equals(td.getStatus().getCa().getFingerprint())
                    && "Stable".equals(td.getStatus().getRotation().getPhase())
                    && Conditions.isTrue(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC);
              });
      for (String[] id : IDENTITIES) {
        harness.awaitIdentityReady(id[0], id[1]);
      }
      invariant.close();
      assertThat(invariant.violations()).as("trust gaps").isEmpty();
      assertThat(invariant.caFingerprints()).as("one new CA").hasSize(2);
      assertThat(invariant.check()).isEmpty();
    }
    // Nothing duplicated: one CA Secret, one bundle ConfigMap per namespace, one SVID Secret per
    // identity.
    assertThat(
            harness
                .client()
                .secrets()
                .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
                .list()
                .getItems())
        .hasSize(1);
    for (String ns : List.of("vsid-system", "shop", "payments")) {
      assertThat(harness.client().configMaps().inNamespace(ns).list().getItems())
          .extracting(cm -> cm.getMetadata().getName())
          .containsExactly("vsid-bundle-example");
    }
    assertThat(harness.client().secrets().inNamespace("shop").list().getItems()).hasSize(2);
  }

  private TrustDomain awaitStable() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus() != null
                  && td.getStatus().getRotation() != null
                  && "Stable".equals(td.getStatus().getRotation().getPhase())
                  && Conditions.isTrue(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC);
            });
    return harness.trustDomain("example");
  }
}
