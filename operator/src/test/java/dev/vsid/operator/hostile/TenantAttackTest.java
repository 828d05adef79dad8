package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.SvidDefaults;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomainStatus;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.distribution.BundleContent;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks by a tenant who may only create/edit ConfigMaps in their own namespace ("payments" or
 * "tenant"), against a TrustDomain whose bundle selector is the default (every namespace).
 */
class TenantAttackTest {
  private static final String CM = "vsid-bundle-example";
  private static final long MAX_SAFE = (1L << 53) - 1;

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  /**
   * One unmanaged ConfigMap named like the bundle, created by a tenant in their own namespace, must
   * not hold a rotation of the trust domain in Publishing until the CA runs out.
   */
  @Test
  void aTenantsConflictingConfigMapStallsTheRotationUntilTheCaExpires() {
    namespace("tenant");
    harness
        .client()
        .configMaps()
        .inNamespace("tenant")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CM)
                .withNamespace("tenant")
                .endMetadata()
                .withData(Map.of("hello", "world"))
                .build())
        .create();
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, r -> {}));
    harness.createIdentity("shop", "web", s -> {});
    harness.awaitIdentityReady("shop", "web");
    String oldCa = awaitPhase("Stable").getStatus().getCa().getFingerprint();

    harness.clock().advance(Duration.ofMinutes(61));
    // Days pass; the rotation must not stay in Publishing.
    int previous = 0;
    for (int hours : List.of(2, 24, 200, 400, 700, 718)) {
      harness.clock().advance(Duration.ofHours(hours - previous));
      previous = hours;
      sleep(1500);
      TrustDomain td = harness.trustDomain("example");
      log(
          "+"
              + hours
              + "h phase="
              + td.getStatus().getRotation().getPhase()
              + " waitingFor="
              + td.getStatus().getRotation().getWaitingFor());
    }
    TrustDomain td = harness.trustDomain("example");
    assertThat(td.getStatus().getCa().getFingerprint())
        .as(
            "the CA was never replaced; phase %s, waitingFor %s",
            td.getStatus().getRotation().getPhase(), td.getStatus().getRotation().getWaitingFor())
        .isNotEqualTo(oldCa);
  }

  /**
   * A tenant who edits the bundle ConfigMap in their own namespace must not set the spiffe_sequence
   * of every namespace's bundle, nor make it go back after a status loss.
   */
  @Test
  void aTenantSetsTheSequenceOfEveryNamespaceAndThenMakesItGoBack() {
    harness.createTrustDomain("example", spec -> spec.setTrustDomain("example.org"));
    await().atMost(OperatorHarness.WAIT).until(() -> sequenceIn("shop") == 1L);

    harness
        .client()
        .configMaps()
        .inNamespace("payments")
        .withName(CM)
        .edit(
            cm -> {
              cm.getMetadata()
                  .getAnnotations()
                  .put("vsid.dev/bundle-sequence", Long.toString(MAX_SAFE));
              return cm;
            });
    sleep(2000);
    long jumped = harness.trustDomain("example").getStatus().getBundle().getSequence();
    log(
        "status sequence after the tenant's edit: "
            + jumped
            + ", shop's bundle.json sequence: "
            + sequenceIn("shop"));

    // The owner changes the refresh hint: sequence goes to 2^53.
    harness
        .client()
        .resources(TrustDomain.class)
        .withName("example")
        .edit(
            t -> {
              BundleSpec b = new BundleSpec();
              b.setRefreshHint("10m");
              t.getSpec().setBundle(b);
              return t;
            });
    sleep(2000);
    long after = harness.trustDomain("example").getStatus().getBundle().getSequence();
    log("after a refresh hint change: " + after);

    // The status is lost (restore from a backup without status): the sequence goes back to 1.
    harness
        .client()
        .resources(TrustDomain.class)
        .withName("example")
        .editStatus(
            t -> {
              t.setStatus(new TrustDomainStatus());
              return t;
            });
    sleep(2000);
    long restored = harness.trustDomain("example").getStatus().getBundle().getSequence();
    log("after the status was lost: " + restored + " (shop: " + sequenceIn("shop") + ")");

    assertThat(jumped).as("a tenant's annotation edit moved everyone's sequence").isEqualTo(1L);
    assertThat(restored).as("sequence went back").isGreaterThanOrEqualTo(after);
  }

  /**
   * a tenant plants, on a bundle ConfigMap the operator cannot rewrite (in a real cluster:
   * immutable: true; simulated by failing the operator's PUT), the digest of the next bundle with
   * the current sequence. When the bundle changes, the sequence does not go up: every namespace
   * gets different roots/hint under the same spiffe_sequence.
   */
  @Test
  void aPlantedDigestKeepsTheSequenceWhenTheBundleChanges() throws Exception {
    harness.createTrustDomain("example", spec -> spec.setTrustDomain("example.org"));
    await().atMost(OperatorHarness.WAIT).until(() -> sequenceIn("shop") == 1L);
    ConfigMap shop = harness.client().configMaps().inNamespace("shop").withName(CM).get();
    var roots = Pem.parseCertificates(shop.getData().get("ca.crt"));
    String future =
        BundleContent.digest(
            TrustBundle.of(TrustDomainName.parse("example.org"), roots)
                .withRefreshHint(Duration.ofMinutes(10)));

    // The tenant's ConfigMap in payments can no longer be rewritten by the operator.
    harness
        .cluster()
        .failNext(
            r -> r.startsWith("PUT ") && r.contains("/namespaces/payments/configmaps/" + CM),
            422,
            100000,
            "ConfigMap is immutable");
    harness
        .client()
        .configMaps()
        .inNamespace("payments")
        .withName(CM)
        .edit(
            cm -> {
              cm.getMetadata().getAnnotations().put("vsid.dev/bundle-digest", future);
              return cm;
            });
    sleep(1500);

    harness
        .client()
        .resources(TrustDomain.class)
        .withName("example")
        .edit(
            t -> {
              BundleSpec b = new BundleSpec();
              b.setRefreshHint("10m");
              t.getSpec().setBundle(b);
              return t;
            });
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                future.equals(harness.trustDomain("example").getStatus().getBundle().getDigest()));
    sleep(1000);
    ConfigMap after = harness.client().configMaps().inNamespace("shop").withName(CM).get();
    log("shop bundle.json after the change: " + after.getData().get("bundle.json"));
    assertThat(after.getData().get("bundle.json")).contains("\"spiffe_refresh_hint\":600");
    assertThat(sequenceIn("shop"))
        .as("the bundle changed (refresh hint 300 -> 600) but kept its sequence")
        .isEqualTo(2L);
  }

  // ---------------------------------------------------------------------------------------------

  private long sequenceIn(String namespace) {
    ConfigMap cm = harness.client().configMaps().inNamespace(namespace).withName(CM).get();
    if (cm == null || cm.getData() == null || cm.getData().get("bundle.json") == null) {
      return -1;
    }
    var m =
        java.util.regex.Pattern.compile("\"spiffe_sequence\"\\s*:\\s*(\\d+)")
            .matcher(cm.getData().get("bundle.json"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private void namespace(String name) {
    harness
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static void rotatingSpec(TrustDomainSpec spec, Consumer<CaRotationSpec> edit) {
    spec.setTrustDomain("example.org");
    CaSpec ca = new CaSpec();
    ca.setTtl("720h");
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setPropagationDelay("1m");
    rotation.setRenewBefore("719h");
    edit.accept(rotation);
    ca.setRotation(rotation);
    spec.setCa(ca);
    SvidDefaults svid = new SvidDefaults();
    svid.setTtl("24h");
    spec.setSvid(svid);
  }

  private TrustDomain awaitPhase(String phase) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus() != null
                  && td.getStatus().getRotation() != null
                  && phase.equals(td.getStatus().getRotation().getPhase());
            });
    return harness.trustDomain("example");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void log(String line) {
    org.slf4j.LoggerFactory.getLogger(TenantAttackTest.class).info(line);
  }
}
