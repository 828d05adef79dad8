package dev.vsid.operator.security;

import static org.awaitility.Awaitility.await;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.config.LeaderElectionSettings;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.ProvidedCaFixtures;
import dev.vsid.operator.testing.MockCluster;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator through a whole life on the mock API: a trust domain with identities in several
 * namespaces and bundle ConfigMaps, a namespace label change, a CA rotation by request, a second
 * trust domain with a provided CA, a deleted SVID Secret repaired, that trust domain deleted (with
 * a conflict on the finalizer patch), and a restart with leader election on whose start-up check is
 * answered from {@code policy}.
 */
final class OperatorLife {
  static final String NS = OperatorHarness.OPERATOR_NAMESPACE;
  static final String PROVIDED_CA = "corp-ca";
  static final String LEADER_AGENT = "vsid-operator-leader";

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String BUNDLE_LABEL = "vsid.dev/test-bundle";

  private final OperatorHarness harness;
  private final RbacPolicy policy;

  OperatorLife(OperatorHarness harness, RbacPolicy policy) {
    this.harness = harness;
    this.policy = policy;
  }

  void run() throws Exception {
    label("shop", "yes");
    label("payments", "yes");
    harness.createTrustDomain("example", spec -> exampleSpec(spec));
    identity("shop", "web", "example");
    identity("shop", "cart", "example");
    identity("payments", "api", "example");
    awaitBundles("example", Set.of("shop", "payments"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                dev.vsid.operator.status.Conditions.isTrue(
                    harness.trustDomain("example").getStatus().getConditions(),
                    dev.vsid.operator.api.v1alpha1.Condition.BUNDLE_ENDPOINT));

    federatedTrustDomain();
    namespaceLabelsChange();
    bundleLabelsStripped();
    rotationByRequest();
    providedCa();
    deletedSvidSecretRepaired();
    trustDomainDeleted();
    webhookConfigurationEdited();
    leaderElected();
  }

  /** SVID Secrets of every identity, as namespace/name. */
  Set<String> svidSecrets() {
    return harness
        .client()
        .resources(WorkloadIdentity.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .filter(wi -> wi.getStatus() != null && wi.getStatus().getSecretName() != null)
        .map(wi -> wi.getMetadata().getNamespace() + "/" + wi.getStatus().getSecretName())
        .collect(Collectors.toSet());
  }

  /** A foreign trust domain's bundle, given in place, joins the example trust domain's bundles. */
  private void federatedTrustDomain() {
    var partner = ProvidedCaFixtures.root("partner.org", Duration.ofDays(30));
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("partner").build());
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain("partner.org");
    BundleSource source = new BundleSource();
    source.setPem(
        PemBundle.write(TrustBundle.of(partner.trustDomain(), List.of(partner.certificate()))));
    spec.setBundle(source);
    ftd.setSpec(spec);
    harness.client().resource(ftd).create();
    TrustDomain td = harness.trustDomain("example");
    td.getSpec().setFederatesWith(List.of("partner.org"));
    harness.client().resource(td).update();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              ConfigMap cm =
                  harness
                      .client()
                      .configMaps()
                      .inNamespace("shop")
                      .withName("vsid-bundle-example")
                      .get();
              return cm != null && cm.getData().containsKey("federated.partner.org.crt");
            });
  }

  private void namespaceLabelsChange() {
    harness
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("billing").endMetadata().build())
        .create();
    label("billing", "yes");
    label("payments", "no");
    awaitBundles("example", Set.of("shop", "billing"));
  }

  /**
   * A bundle ConfigMap that lost its labels drops out of the cache: the create that follows answers
   * 409, and the operator reads it by name and takes it back.
   */
  private void bundleLabelsStripped() {
    String name = BundleSettings.defaultConfigMapName("example");
    ConfigMap stripped = harness.client().configMaps().inNamespace("shop").withName(name).get();
    stripped.getMetadata().getLabels().remove(Labels.COMPONENT);
    harness.client().resource(stripped).update();
    await()
        .atMost(WAIT)
        .until(
            () ->
                Labels.BUNDLE.equals(
                    harness
                        .client()
                        .configMaps()
                        .inNamespace("shop")
                        .withName(name)
                        .get()
                        .getMetadata()
                        .getLabels()
                        .get(Labels.COMPONENT)));
  }

  private void rotationByRequest() {
    String before = harness.trustDomain("example").getStatus().getCa().getFingerprint();
    Map<String, String> serials = serials();
    TrustDomain td = harness.trustDomain("example");
    CaRotationSpec rotation = td.getSpec().getCa().getRotation();
    rotation.setRequest("rbac-coverage-1");
    rotation.setDropOldRoot(true);
    rotation.setPropagationDelay("0s");
    harness.client().resource(td).update();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var status = harness.trustDomain("example").getStatus();
              return !status.getCa().getFingerprint().equals(before)
                  && "Stable".equals(status.getRotation().getPhase());
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                serials().entrySet().stream().noneMatch(e -> serials.containsValue(e.getValue())));
  }

  private void providedCa() {
    var root = ProvidedCaFixtures.root("corp.example", Duration.ofDays(60));
    harness
        .client()
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PROVIDED_CA)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(ProvidedCaFixtures.data(root))
                .build())
        .create();
    harness.createTrustDomain(
        "corp",
        spec -> {
          spec.setTrustDomain("corp.example");
          CaSpec ca = new CaSpec();
          ca.setSecretName(PROVIDED_CA);
          spec.setCa(ca);
        });
    identity("payments", "ledger", "corp");
    awaitBundles("corp", Set.of(NS, "shop", "payments", "billing"));
  }

  private void deletedSvidSecretRepaired() {
    String uid = harness.secret("shop", "web").getMetadata().getUid();
    harness.client().secrets().inNamespace("shop").withName("web").delete();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var secret = harness.secret("shop", "web");
              return secret != null && !uid.equals(secret.getMetadata().getUid());
            });
  }

  /** The first finalizer patch answers 409, so the operator reads the TrustDomain again. */
  private void trustDomainDeleted() {
    harness
        .cluster()
        .failNext(
            r ->
                r.startsWith("PATCH /apis/vsid.dev/v1alpha1/trustdomains/corp")
                    && !r.contains("/status"),
            409,
            1);
    harness.client().resources(TrustDomain.class).withName("corp").delete();
    await()
        .atMost(WAIT)
        .until(() -> harness.trustDomain("corp") == null && bundleNamespaces("corp").isEmpty());
  }

  /** The pod-binding webhook's configuration, edited by hand, is put back. */
  private void webhookConfigurationEdited() {
    var configurations =
        harness.client().admissionRegistration().v1().validatingWebhookConfigurations();
    String name = WebhookSettings.DEFAULT_CONFIGURATION_NAME;
    await().atMost(WAIT).until(() -> configurations.withName(name).get() != null);
    configurations
        .withName(name)
        .edit(
            c -> {
              c.getWebhooks().get(0).setFailurePolicy("Ignore");
              return c;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                "Fail"
                    .equals(
                        configurations
                            .withName(name)
                            .get()
                            .getWebhooks()
                            .get(0)
                            .getFailurePolicy()));
  }

  private void leaderElected() throws Exception {
    harness.stopOperator();
    MockCluster cluster = harness.cluster();
    cluster.answerRulesReviews(policy::resourceRulesIn);
    OperatorSettings settings =
        OperatorSettings.defaults(NS)
            .withServerSideApply(false)
            .withRecheckInterval(Duration.ofMillis(300))
            .withMinimumSvidTtl(Duration.ofMinutes(10))
            .withLeaderElection(
                LeaderElectionSettings.disabled(NS)
                    .withEnabled(true)
                    .withIdentity("replica-a")
                    .withTimings(
                        Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500))
                    .withExitOnStopLeading(false));
    try (VsidOperator leader =
        new VsidOperator(cluster.newClient(LEADER_AGENT), settings, harness.clock())) {
      leader.start();
      await().atMost(WAIT).until(leader::isLeading);
      identity("shop", "api", "example");
      Thread.sleep(1500);
    }
  }

  private static void exampleSpec(dev.vsid.operator.api.v1alpha1.TrustDomainSpec spec) {
    spec.setTrustDomain("example.org");
    CaSpec ca = new CaSpec();
    ca.setTtl("720h");
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setPropagationDelay("1m");
    ca.setRotation(rotation);
    spec.setCa(ca);
    BundleSpec bundle = new BundleSpec();
    bundle.setNamespaceSelector(
        new LabelSelectorBuilder().withMatchLabels(Map.of(BUNDLE_LABEL, "yes")).build());
    // With a bundle endpoint: serving it must need no request of its own.
    bundle.setRefreshHint("20s");
    spec.setBundle(bundle);
    dev.vsid.operator.api.v1alpha1.ServedEndpointSpec endpoint =
        new dev.vsid.operator.api.v1alpha1.ServedEndpointSpec();
    endpoint.setPort(dev.vsid.operator.testing.Sockets.freePort());
    spec.setBundleEndpoint(endpoint);
  }

  private void identity(String namespace, String name, String trustDomain) {
    harness.createIdentity(namespace, name, spec -> spec.setTrustDomain(trustDomain));
    harness.awaitIdentityReady(namespace, name);
  }

  private void label(String namespace, String value) {
    var ns = harness.client().namespaces().withName(namespace).get();
    Map<String, String> labels = new HashMap<>();
    if (ns.getMetadata().getLabels() != null) {
      labels.putAll(ns.getMetadata().getLabels());
    }
    labels.put(BUNDLE_LABEL, value);
    ns.getMetadata().setLabels(labels);
    harness.client().resource(ns).update();
  }

  private void awaitBundles(String trustDomain, Set<String> namespaces) {
    await().atMost(WAIT).until(() -> bundleNamespaces(trustDomain).equals(namespaces));
  }

  private Set<String> bundleNamespaces(String trustDomain) {
    String name = BundleSettings.defaultConfigMapName(trustDomain);
    return harness.client().configMaps().inAnyNamespace().list().getItems().stream()
        .filter(cm -> cm.getMetadata().getName().equals(name))
        .map(ConfigMap::getMetadata)
        .map(m -> m.getNamespace())
        .collect(Collectors.toSet());
  }

  private Map<String, String> serials() {
    return List.of("shop/web", "shop/cart", "payments/api").stream()
        .collect(
            Collectors.toMap(
                id -> id,
                id -> {
                  String[] parts = id.split("/");
                  return harness.identity(parts[0], parts[1]).getStatus().getSerialNumber();
                }));
  }
}
