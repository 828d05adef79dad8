package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle ConfigMaps on the mock API: placement, content, exactness and writes. */
class BundleDistributionTest {
  static final String NAME = "vsid-bundle-example";
  static final List<String> NAMESPACES = List.of("vsid-system", "shop", "payments");

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void everyNamespaceGetsTheTrustDomainsRootsAsPemAndAsASpiffeBundle(@TempDir Path tmp)
      throws Exception {
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    TrustDomain td = awaitInSync("example", 3);

    String caRoots = OperatorHarness.text(caSecret(), "ca.crt");
    for (String ns : NAMESPACES) {
      ConfigMap cm = configMap(ns);
      assertThat(cm.getData()).containsOnlyKeys("ca.crt", "bundle.json");
      assertThat(cm.getData().get("ca.crt")).isEqualTo(caRoots);
      TrustBundle json =
          SpiffeBundleJson.read(
              new TrustDomainName("example.org"), cm.getData().get("bundle.json"));
      assertThat(json.sequence()).hasValue(1);
      assertThat(json.refreshHint()).contains(Duration.ofMinutes(5));
      assertThat(json.authorities())
          .isEqualTo(PemBundle.read(new TrustDomainName("example.org"), caRoots).authorities());
      assertThat(cm.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "vsid-operator")
          .containsEntry("vsid.dev/component", "bundle");
      assertThat(cm.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              ref -> {
                assertThat(ref.getKind()).isEqualTo("TrustDomain");
                assertThat(ref.getUid()).isEqualTo(td.getMetadata().getUid());
              });
    }
    assertThat(td.getStatus().getBundle().getSequence()).isEqualTo(1L);
    assertThat(td.getStatus().getBundle().getRoots()).isEqualTo(1);
    assertThat(td.getStatus().getBundle().getConfigMapName()).isEqualTo(NAME);
    assertThat(td.getStatus().getBundle().getNamespacesFailed()).isZero();

    // A workload that trusts the ConfigMap's ca.crt accepts the SVID, judged by openssl and
    // java-spiffe.
    harness.awaitIdentityReady("shop", "web");
    Path dir = IndependentVerifiers.mount(harness.secret("shop", "web"), tmp.resolve("pod"));
    Files.writeString(dir.resolve("ca.crt"), configMap("shop").getData().get("ca.crt"));
    IndependentVerifiers.assertOpensslAccepts(dir, "spiffe://example.org/ns/shop/sa/web");
    IndependentVerifiers.assertJavaSpiffeAccepts(
        dir, "example.org", "spiffe://example.org/ns/shop/sa/web");
  }

  @Test
  void aNewNamespaceGetsTheBundleWithinSeconds() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);

    createNamespace("orders", Map.of());

    await().atMost(Duration.ofSeconds(5)).until(() -> configMap("orders") != null);
    awaitInSync("example", 4);
    assertThat(configMap("orders").getData()).isEqualTo(configMap("shop").getData());
  }

  @Test
  void aConfigMapEditedOrDeletedByHandIsRestoredWithOneWriteEach() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);
    Map<String, String> good = configMap("shop").getData();

    ConfigMap edited = configMap("shop");
    edited
        .getData()
        .put("ca.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    edited.getData().put("extra", "x");
    harness.client().resource(edited).update();
    await().atMost(Duration.ofSeconds(5)).until(() -> good.equals(configMap("shop").getData()));

    ConfigMap unlabelled = configMap("payments");
    unlabelled.getMetadata().getLabels().remove("vsid.dev/component");
    harness.client().resource(unlabelled).update();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "bundle"
                    .equals(
                        configMap("payments").getMetadata().getLabels().get("vsid.dev/component")));

    harness.client().configMaps().inNamespace("vsid-system").withName(NAME).delete();
    await().atMost(Duration.ofSeconds(5)).until(() -> configMap("vsid-system") != null);
    assertThat(configMap("vsid-system").getData()).isEqualTo(good);

    sleep(1000);
    // The operator's create, the test's edit, and one repair.
    assertThat(configMapWritesIn("shop"))
        .extracting(r -> r.substring(0, r.indexOf(' ')))
        .containsExactly("POST", "PUT", "PUT");
    // The operator's create, the test's delete, and one re-create.
    assertThat(configMapWritesIn("vsid-system"))
        .extracting(r -> r.substring(0, r.indexOf(' ')))
        .containsExactly("POST", "DELETE", "POST");
    assertThat(configMap("payments").getData()).isEqualTo(good);
  }

  @Test
  void aConfigMapMadeImmutableByHandIsReplaced() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);
    Map<String, String> good = configMap("shop").getData();

    ConfigMap frozen = configMap("shop");
    frozen.setImmutable(true);
    frozen.getData().put("ca.crt", "stale");
    harness.client().resource(frozen).update();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> configMap("shop") != null && good.equals(configMap("shop").getData()));
    assertThat(configMap("shop").getImmutable()).isNull();
    assertThat(configMapWritesIn("shop"))
        .extracting(r -> r.substring(0, r.indexOf(' ')))
        .containsExactly("POST", "PUT", "DELETE", "POST");
  }

  @Test
  void onlySelectedNamespacesGetItAndANamespaceThatStopsMatchingLosesIt() {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          BundleSpec bundle = new BundleSpec();
          bundle.setNamespaceSelector(
              new LabelSelectorBuilder().withMatchLabels(Map.of("bundle", "yes")).build());
          spec.setBundle(bundle);
        });
    createNamespace("orders", Map.of("bundle", "yes"));
    createNamespace("billing", Map.of("bundle", "yes"));
    TrustDomain td = awaitInSync("example", 2);
    assertThat(td.getStatus().getBundle().getNamespacesSelected()).isEqualTo(2);
    assertThat(configMap("shop")).isNull();

    var billing = harness.client().namespaces().withName("billing").get();
    billing.getMetadata().getLabels().put("bundle", "no");
    harness.client().resource(billing).update();

    await().atMost(Duration.ofSeconds(5)).until(() -> configMap("billing") == null);
    awaitInSync("example", 1);
    assertThat(configMap("orders")).isNotNull();
  }

  @Test
  void aDeletedTrustDomainTakesAllItsConfigMapsWithIt() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);

    harness.client().resources(TrustDomain.class).withName("example").delete();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.trustDomain("example") == null
                    && NAMESPACES.stream().allMatch(ns -> configMap(ns) == null));
    assertThat(caSecret()).as("the CA key is kept").isNotNull();
  }

  @Test
  void aTrustDomainWhoseConfigMapCannotBeRemovedWaitsAndRetriesWithoutAStorm() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);
    harness
        .cluster()
        .failNext(r -> r.startsWith("DELETE /api/v1/namespaces/payments/configmaps/"), 403, 2);

    harness.client().resources(TrustDomain.class).withName("example").delete();

    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> configMap("shop") == null && configMap("vsid-system") == null);
    assertThat(harness.trustDomain("example")).as("held by the finalizer").isNotNull();
    assertThat(configMap("payments")).isNotNull();
    await().atMost(Duration.ofSeconds(15)).until(() -> harness.trustDomain("example") == null);
    assertThat(configMap("payments")).isNull();
    assertThat(configMapWritesIn("payments"))
        .filteredOn(r -> r.startsWith("DELETE"))
        .as("two refused deletes and one that went through, not a storm")
        .hasSize(3);
  }

  @Test
  void twoTrustDomainsCannotShareAConfigMap() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);
    harness.createTrustDomain(
        "other",
        spec -> {
          spec.setTrustDomain("other.org");
          BundleSpec bundle = new BundleSpec();
          bundle.setConfigMapName(NAME);
          spec.setBundle(bundle);
        });

    TrustDomain other = awaitBundles("other", Condition.FALSE);

    assertThat(other.getStatus().getBundle().getNamespacesFailed()).isEqualTo(3);
    assertThat(other.getStatus().getBundle().getFailures())
        .allSatisfy(
            f -> {
              assertThat(f.getReason()).isEqualTo("ConfigMapConflict");
              assertThat(f.getMessage()).contains("belongs to TrustDomain \"example\"");
            });
    assertThat(configMap("shop").getMetadata().getAnnotations())
        .containsEntry("vsid.dev/trust-domain", "example.org");
    assertThat(awaitInSync("example", 3)).isNotNull();
  }

  @Test
  void anIdleResyncAndARestartWriteNothing() {
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    harness.awaitIdentityReady("shop", "web");
    awaitInSync("example", 3);
    sleep(1000);
    int before = harness.cluster().writes(r -> true).size();

    harness.stopOperator();
    harness.startOperator();
    sleep(3000);

    List<String> after = harness.cluster().writes(r -> true);
    assertThat(after.subList(before, after.size()).stream().filter(r -> !r.contains("/events")))
        .as("writes after an idle restart")
        .isEmpty();
    assertThat(harness.cluster().requests())
        .filteredOn(r -> r.startsWith("GET ") && r.contains("/configmaps"))
        .as("only the operator's own ConfigMaps are listed and watched")
        .isNotEmpty()
        .allMatch(
            r -> r.contains("labelSelector=vsid.dev%2Fcomponent%3Dbundle"),
            "selects bundle ConfigMaps");
  }

  @Test
  void aBundleChangeRewritesEachConfigMapOnceAndRefreshesCaCrtInSvidSecretsWithoutReissuing()
      throws Exception {
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    harness.awaitIdentityReady("shop", "web");
    awaitInSync("example", 3);
    String serial = harness.identity("shop", "web").getStatus().getSerialNumber();
    sleep(500);
    int before = configMapWrites().size();

    // A second root joins the bundle (as when a new CA is published before it is used).
    String extraRoot = BundleTestCertificates.otherRootPem("example.org");
    Secret ca = caSecret();
    String roots = OperatorHarness.text(ca, "ca.crt") + extraRoot;
    ca.getData()
        .put(
            "ca.crt",
            java.util.Base64.getEncoder()
                .encodeToString(roots.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    harness.client().resource(ca).update();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                NAMESPACES.stream()
                    .allMatch(
                        ns ->
                            configMap(ns) != null
                                && "2"
                                    .equals(
                                        configMap(ns)
                                            .getMetadata()
                                            .getAnnotations()
                                            .get("vsid.dev/bundle-sequence"))));
    TrustDomain td = awaitInSync("example", 3);
    assertThat(td.getStatus().getBundle().getRoots()).isEqualTo(2);
    assertThat(td.getStatus().getBundle().getSequence()).isEqualTo(2L);
    TrustBundle published =
        PemBundle.read(
            new TrustDomainName("example.org"), configMap("payments").getData().get("ca.crt"));
    assertThat(published.authorities()).hasSize(2);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                OperatorHarness.text(harness.secret("shop", "web"), "ca.crt")
                    .equals(configMap("shop").getData().get("ca.crt")));
    sleep(1000);
    List<String> writes = configMapWrites();
    assertThat(writes.subList(before, writes.size())).hasSize(NAMESPACES.size());
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber())
        .as("the SVID was not reissued")
        .isEqualTo(serial);
  }

  @Test
  void aForbiddenNamespaceIsReportedWhileTheOthersConvergeAndItIsRetriedWithBackoff() {
    harness
        .cluster()
        .failNext(r -> r.startsWith("POST /api/v1/namespaces/payments/configmaps"), 403, 2);

    harness.createTrustDomain("example", "example.org");

    TrustDomain td = awaitBundles("example", Condition.FALSE);
    assertThat(td.getStatus().getBundle().getNamespacesInSync()).isEqualTo(2);
    assertThat(td.getStatus().getBundle().getFailures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getNamespace()).isEqualTo("payments");
              assertThat(f.getReason()).isEqualTo("Forbidden");
              assertThat(f.getMessage()).contains("spec.bundle.namespaceSelector");
            });
    assertThat(
            Conditions.find(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC)
                .get()
                .getMessage())
        .contains("payments (Forbidden)");
    assertThat(Conditions.isTrue(td.getStatus().getConditions(), Condition.READY))
        .as("signing goes on")
        .isTrue();

    // Two refusals, then the write goes through: after 2 s, then 4 s.
    awaitInSync("example", 3);
    assertThat(configMapWritesIn("payments")).hasSize(3);
    assertThat(harness.client().v1().events().inNamespace("default").list().getItems())
        .extracting(e -> e.getReason())
        .contains("BundlesOutOfSync", "BundlesInSync");
  }

  @Test
  void aTerminatingNamespaceGetsAClearStatusEntry() {
    harness
        .cluster()
        .failNext(
            r -> r.startsWith("POST /api/v1/namespaces/payments/configmaps"),
            403,
            100,
            "unable to create new content in namespace payments because it is being terminated");

    harness.createTrustDomain("example", "example.org");

    TrustDomain td = awaitBundles("example", Condition.FALSE);
    assertThat(td.getStatus().getBundle().getFailures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getNamespace()).isEqualTo("payments");
              assertThat(f.getReason()).isEqualTo("NamespaceTerminating");
            });
  }

  @Test
  void aConfigMapSomeoneElseOwnsIsLeftAloneAndReported() {
    harness
        .client()
        .configMaps()
        .inNamespace("shop")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .withData(Map.of("mine", "keep me"))
                .build())
        .create();

    harness.createTrustDomain("example", "example.org");

    TrustDomain td = awaitBundles("example", Condition.FALSE);
    assertThat(td.getStatus().getBundle().getFailures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getNamespace()).isEqualTo("shop");
              assertThat(f.getReason()).isEqualTo("ConfigMapConflict");
              assertThat(f.getMessage()).contains("spec.bundle.configMapName");
            });
    assertThat(configMap("shop").getData()).containsExactly(Map.entry("mine", "keep me"));
    assertThat(td.getStatus().getBundle().getNamespacesInSync()).isEqualTo(2);
  }

  @Test
  void renamingTheConfigMapMovesItAndAnInvalidSelectorChangesNothing() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);

    editBundle(bundle -> bundle.setConfigMapName("trust-bundle"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                NAMESPACES.stream()
                    .allMatch(
                        ns ->
                            configMap(ns) == null
                                && harness
                                        .client()
                                        .configMaps()
                                        .inNamespace(ns)
                                        .withName("trust-bundle")
                                        .get()
                                    != null));
    int writes = configMapWrites().size();

    editBundle(
        bundle ->
            bundle.setNamespaceSelector(
                new LabelSelectorBuilder()
                    .addNewMatchExpression()
                    .withKey("team")
                    .withOperator("Between")
                    .endMatchExpression()
                    .build()));
    TrustDomain td = awaitBundles("example", Condition.FALSE);
    Condition bundles =
        Conditions.find(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC).get();
    assertThat(bundles.getReason()).isEqualTo("InvalidBundleSettings");
    assertThat(bundles.getMessage())
        .contains("spec.bundle.namespaceSelector.matchExpressions[0].operator")
        .contains("left as they are");
    sleep(500);
    assertThat(configMapWrites()).hasSize(writes);
  }

  @Test
  void aLostStatusDoesNotSetTheSequenceBack() {
    harness.createTrustDomain("example", "example.org");
    awaitInSync("example", 3);
    editBundle(bundle -> bundle.setRefreshHint("6m"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Long.valueOf(2)
                    .equals(harness.trustDomain("example").getStatus().getBundle().getSequence()));
    awaitInSync("example", 3);
    harness.stopOperator();
    TrustDomain td = harness.trustDomain("example");
    td.setStatus(null);
    harness.client().resource(td).updateStatus();
    int writes = configMapWrites().size();

    harness.startOperator();

    TrustDomain after = awaitInSync("example", 3);
    assertThat(after.getStatus().getBundle().getSequence()).isEqualTo(2L);
    assertThat(configMapWrites()).hasSize(writes);
  }

  // --- helpers

  private void editBundle(java.util.function.Consumer<BundleSpec> edit) {
    TrustDomain td = harness.trustDomain("example");
    BundleSpec bundle =
        td.getSpec().getBundle() == null ? new BundleSpec() : td.getSpec().getBundle();
    edit.accept(bundle);
    td.getSpec().setBundle(bundle);
    harness.client().resource(td).update();
  }

  private ConfigMap configMap(String namespace) {
    return harness.client().configMaps().inNamespace(namespace).withName(NAME).get();
  }

  private Secret caSecret() {
    return harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example");
  }

  private void createNamespace(String name, Map<String, String> labels) {
    harness
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private List<String> configMapWrites() {
    return harness.cluster().writes(r -> r.contains("/configmaps"));
  }

  /** Writes to ConfigMaps in a namespace, by the operator and by the test. */
  private List<String> configMapWritesIn(String namespace) {
    return harness.cluster().writes(r -> r.contains("/namespaces/" + namespace + "/configmaps"));
  }

  private TrustDomain awaitInSync(String name, int namespaces) {
    await()
        .atMost(OperatorHarness.WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain(name);
              return td != null
                  && td.getStatus() != null
                  && td.getStatus().getBundle() != null
                  && Integer.valueOf(namespaces)
                      .equals(td.getStatus().getBundle().getNamespacesInSync())
                  && Integer.valueOf(namespaces)
                      .equals(td.getStatus().getBundle().getNamespacesSelected())
                  && Conditions.isTrue(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC);
            });
    return harness.trustDomain(name);
  }

  private TrustDomain awaitBundles(String name, String status) {
    await()
        .atMost(OperatorHarness.WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain(name);
              Optional<Condition> c =
                  td == null || td.getStatus() == null
                      ? Optional.empty()
                      : Conditions.find(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC);
              return c.isPresent() && status.equals(c.get().getStatus());
            });
    return harness.trustDomain(name);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
