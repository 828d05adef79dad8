package dev.vsid.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.config.BundleEndpointSettings;
import dev.vsid.operator.config.MetricsSettings;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A mock cluster with the operator running against it, and helpers to drive it. */
public final class OperatorHarness implements AutoCloseable {
  public static final String OPERATOR_NAMESPACE = "vsid-system";
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final MockCluster cluster = new MockCluster();
  private final MutableClock clock = new MutableClock();
  private final OperatorSettings settings;
  private VsidOperator operator;
  private io.fabric8.kubernetes.client.KubernetesClient operatorClient;
  private String operatorAgent;
  private int instances;

  public OperatorHarness() {
    this(settings -> settings);
  }

  /** A harness whose operator runs with the test defaults changed by {@code adjust}. */
  public OperatorHarness(java.util.function.UnaryOperator<OperatorSettings> adjust) {
    settings =
        adjust.apply(
            OperatorSettings.defaults(OPERATOR_NAMESPACE)
                .withServerSideApply(false)
                .withRecheckInterval(Duration.ofMillis(300))
                .withMinimumSvidTtl(Duration.ofMinutes(10))
                .withMetrics(MetricsSettings.on("127.0.0.1", 0))
                .withBundleEndpoints(
                    BundleEndpointSettings.defaults()
                        .withBindAddress("127.0.0.1")
                        .withSyncInterval(Duration.ofMillis(200))));
    for (String ns : List.of(OPERATOR_NAMESPACE, "shop", "payments")) {
      client()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    startOperator();
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public MockCluster cluster() {
    return cluster;
  }

  public MutableClock clock() {
    return clock;
  }

  public void startOperator() {
    operatorAgent = "vsid-operator-" + (++instances);
    operatorClient = cluster.newClient(operatorAgent);
    operator = new VsidOperator(operatorClient, settings, clock);
    operator.start();
  }

  public void stopOperator() {
    operator.close();
    operatorClient.close();
    operator = null;
  }

  /** The running operator, or null between a stop and the next start. */
  public VsidOperator operator() {
    return operator;
  }

  /** The settings the operator runs with. */
  public OperatorSettings settings() {
    return settings;
  }

  /** The User-Agent of the running operator's requests, distinct for each start. */
  public String operatorAgent() {
    return operatorAgent;
  }

  public TrustDomain createTrustDomain(String name, String trustDomain) {
    return createTrustDomain(name, spec -> spec.setTrustDomain(trustDomain));
  }

  public TrustDomain createTrustDomain(String name, Consumer<TrustDomainSpec> edit) {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName(name).build());
    TrustDomainSpec spec = new TrustDomainSpec();
    edit.accept(spec);
    td.setSpec(spec);
    return client().resource(td).create();
  }

  public WorkloadIdentity createIdentity(
      String namespace, String name, Consumer<WorkloadIdentitySpec> edit) {
    WorkloadIdentity wi = new WorkloadIdentity();
    wi.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    WorkloadIdentitySpec spec = new WorkloadIdentitySpec();
    spec.setTrustDomain("example");
    spec.setServiceAccountName(name);
    edit.accept(spec);
    wi.setSpec(spec);
    return client().resource(wi).create();
  }

  public WorkloadIdentity identity(String namespace, String name) {
    return client().resources(WorkloadIdentity.class).inNamespace(namespace).withName(name).get();
  }

  public TrustDomain trustDomain(String name) {
    return client().resources(TrustDomain.class).withName(name).get();
  }

  public Secret secret(String namespace, String name) {
    return client().secrets().inNamespace(namespace).withName(name).get();
  }

  public static String text(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** Waits for Ready with the given status and returns the resource. */
  public WorkloadIdentity awaitIdentity(
      String namespace, String name, String status, String reason) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              WorkloadIdentity wi = identity(namespace, name);
              return wi != null
                  && wi.getStatus() != null
                  && hasReady(wi.getStatus().getConditions(), status, reason);
            });
    return identity(namespace, name);
  }

  public WorkloadIdentity awaitIdentityReady(String namespace, String name) {
    return awaitIdentity(namespace, name, Condition.TRUE, null);
  }

  public TrustDomain awaitTrustDomain(String name, String status, String reason) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              TrustDomain td = trustDomain(name);
              return td != null
                  && td.getStatus() != null
                  && hasReady(td.getStatus().getConditions(), status, reason);
            });
    return trustDomain(name);
  }

  private static boolean hasReady(List<Condition> conditions, String status, String reason) {
    Optional<Condition> ready = Conditions.find(conditions, Condition.READY);
    return ready.isPresent()
        && status.equals(ready.get().getStatus())
        && (reason == null || reason.equals(ready.get().getReason()));
  }

  @Override
  public void close() {
    if (operator != null) {
      stopOperator();
    }
    cluster.close();
  }
}
