package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Damage done to the operator's objects by hand is repaired without reissuing anything. */
class RepairTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private WorkloadIdentity issued() {
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    return harness.awaitIdentityReady("shop", "web");
  }

  @Test
  void anSvidSecretStrippedOfItsLabelsGetsThemBackAndKeepsItsSvid() {
    String serial = issued().getStatus().getSerialNumber();

    harness
        .client()
        .resource(
            new SecretBuilder(harness.secret("shop", "web"))
                .editMetadata()
                .withLabels(null)
                .endMetadata()
                .build())
        .update();
    harness
        .client()
        .resource(harness.identity("shop", "web"))
        .edit(
            wi -> {
              wi.getMetadata().setAnnotations(Map.of("touched", "yes"));
              return wi;
            });

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> harness.secret("shop", "web").getMetadata().getLabels() != null);
    assertThat(harness.secret("shop", "web").getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "vsid-operator");
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
  }

  @Test
  void anSvidSecretThatLostItsOwnerReferenceIsAdoptedBackAndKeepsItsSvid() {
    String serial = issued().getStatus().getSerialNumber();

    harness
        .client()
        .resource(
            new SecretBuilder(harness.secret("shop", "web"))
                .editMetadata()
                .withOwnerReferences()
                .endMetadata()
                .build())
        .update();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> !harness.secret("shop", "web").getMetadata().getOwnerReferences().isEmpty());
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
    assertThat(harness.identity("shop", "web").getStatus().getConditions().get(0).getStatus())
        .isEqualTo("True");
  }

  @Test
  void anOrphanedSvidSecretIsNeverTakenOverByAnotherIdentity() throws Exception {
    String serial = issued().getStatus().getSerialNumber();
    harness.createIdentity("shop", "thief", spec -> spec.setSecretName("web"));
    harness.awaitIdentity("shop", "thief", Condition.FALSE, "SecretConflict");

    harness
        .client()
        .resource(
            new SecretBuilder(harness.secret("shop", "web"))
                .editMetadata()
                .withOwnerReferences()
                .endMetadata()
                .build())
        .update();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> !harness.secret("shop", "web").getMetadata().getOwnerReferences().isEmpty());
    Thread.sleep(1000);
    var secret = harness.secret("shop", "web");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("web"));
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("vsid.dev/spiffe-id", "spiffe://example.org/ns/shop/sa/web");
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
    assertThat(harness.identity("shop", "thief").getStatus().getConditions().get(0).getReason())
        .isEqualTo("SecretConflict");
  }

  @Test
  void aConflictClearsOnceTheForeignSecretIsGone() {
    harness.createTrustDomain("example", "example.org");
    harness
        .client()
        .secrets()
        .inNamespace("shop")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("taken")
                .withNamespace("shop")
                .endMetadata()
                .withData(Map.of("x", "eQ=="))
                .build())
        .create();
    harness.createIdentity("shop", "web", spec -> spec.setSecretName("taken"));
    harness.awaitIdentity("shop", "web", Condition.FALSE, "SecretConflict");

    harness.client().secrets().inNamespace("shop").withName("taken").delete();

    harness.awaitIdentityReady("shop", "web");
  }

  @Test
  void aCaSecretStrippedOfItsLabelsGetsThemBackWithoutANewCa() {
    issued();
    String ca = "vsid-ca-example";
    var before = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, ca);

    harness
        .client()
        .resource(new SecretBuilder(before).editMetadata().withLabels(null).endMetadata().build())
        .update();
    harness
        .client()
        .resource(harness.trustDomain("example"))
        .edit(
            td -> {
              td.getMetadata().setAnnotations(Map.of("touched", "yes"));
              return td;
            });

    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                harness.secret(OperatorHarness.OPERATOR_NAMESPACE, ca).getMetadata().getLabels()
                    != null);
    assertThat(harness.secret(OperatorHarness.OPERATOR_NAMESPACE, ca).getData())
        .isEqualTo(before.getData());
    assertThat(harness.client().v1().events().inNamespace("default").list().getItems())
        .filteredOn(e -> "CaCreated".equals(e.getReason()))
        .hasSize(1);
  }

  @Test
  void theCaSecretNamesAreReservedInTheOperatorNamespace() {
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity(
        OperatorHarness.OPERATOR_NAMESPACE, "sneaky", spec -> spec.setSecretName("vsid-ca-future"));

    harness.awaitIdentity(
        OperatorHarness.OPERATOR_NAMESPACE, "sneaky", Condition.FALSE, "InvalidSecretName");
  }

  @Test
  void nearTheCaEndNoShorterAndShorterSvidsAreIssuedInALoop() throws Exception {
    harness.createTrustDomain(
        "short",
        spec -> {
          spec.setTrustDomain("short.example");
          CaSpec ca = new CaSpec();
          ca.setTtl("2h");
          spec.setCa(ca);
        });
    harness.createIdentity(
        "shop",
        "web",
        spec -> {
          spec.setTrustDomain("short");
          spec.setTtl("24h");
        });
    String serial = harness.awaitIdentityReady("shop", "web").getStatus().getSerialNumber();

    harness.clock().advance(Duration.ofMinutes(117));

    WorkloadIdentity wi = harness.awaitIdentity("shop", "web", Condition.FALSE, "CaExpiring");
    assertThat(wi.getStatus().getSerialNumber()).isEqualTo(serial);
    Thread.sleep(1500);
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
    assertThat(harness.cluster().writes(r -> r.startsWith("PUT /api/v1/namespaces/shop/secrets")))
        .isEmpty();
    assertThat(harness.client().v1().events().inNamespace("shop").list().getItems())
        .filteredOn(e -> "CaExpiring".equals(e.getReason()))
        .hasSize(1);
  }
}
