package dev.vsid.operator.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.config.LeaderElectionSettings;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.OperatorException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two operators on one API, electing a leader on a Lease with short timings. */
class TwoReplicasTest {
  private static final String NAMESPACE = "vsid-system";
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration RENEW = Duration.ofMillis(1500);
  private static final Duration RETRY = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Requests that belong to the election itself, which every replica makes. */
  private static final Predicate<String> ELECTION =
      r -> r.contains("/leases") || r.contains("/selfsubjectrulesreviews");

  private final MockCluster cluster = new MockCluster();
  private final List<Replica> started = new ArrayList<>();

  /** One operator, its identity in the Lease and the User-Agent of its requests. */
  private record Replica(String identity, String userAgent, VsidOperator operator) {}

  @BeforeEach
  void createNamespaces() {
    for (String ns : List.of(NAMESPACE, "shop")) {
      client()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  @AfterEach
  void stop() {
    started.forEach(r -> r.operator().close());
    cluster.close();
  }

  @Test
  void onlyTheLeaderWritesAndOneCaAndOneSvidAreIssued() throws Exception {
    cluster.allowLeases("get", "create", "update");
    Replica leader = leaderOf(startReplica("replica-a"), startReplica("replica-b"));
    Replica follower = otherThan(leader);

    createTrustDomain("example", "example.org");
    awaitReady(() -> readyOf(trustDomain("example")));
    createIdentity("shop", "web");
    awaitReady(() -> readyOf(identity("shop", "web")));
    Thread.sleep(1000);

    assertThat(writesBesidesElection(follower)).as("writes by the follower").isEmpty();
    assertThat(follower.operator().isLeading()).isFalse();
    assertThat(writesBesidesElection(leader))
        .anyMatch(r -> r.startsWith("POST /api/v1/namespaces/" + NAMESPACE + "/secrets"))
        .anyMatch(r -> r.startsWith("POST /api/v1/namespaces/shop/secrets"));
    assertThat(caSecrets()).as("CA Secrets").isEqualTo(1);
    assertThat(cluster.writes(r -> r.contains("/namespaces/shop/secrets")))
        .as("SVID Secret writes, by either replica")
        .hasSize(1);
    assertThat(
            cluster.writesBy(follower.userAgent(), r -> r.startsWith("PUT ") && ELECTION.test(r)))
        .as("Lease updates by the follower")
        .isEmpty();
  }

  @Test
  void theLeaseNamesTheLeaderAndIsRenewedByIt() {
    cluster.allowLeases("get", "create", "update");
    Replica leader = leaderOf(startReplica("replica-a"), startReplica("replica-b"));

    Lease lease = lease().orElseThrow();

    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
    assertThat(lease.getSpec().getLeaseTransitions()).isZero();
    assertThat(lease.getSpec().getAcquireTime()).isNotNull();
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    await()
        .atMost(WAIT)
        .until(() -> lease().orElseThrow().getSpec().getRenewTime().isAfter(renewed));
    assertThat(lease().orElseThrow().getSpec().getHolderIdentity()).isEqualTo(leader.identity());
  }

  @Test
  void whenTheLeaderStopsTheOtherTakesOverOnceTheLeaseRunsOutAndKeepsServing() {
    cluster.allowLeases("get", "create", "update");
    Replica leader = leaderOf(startReplica("replica-a"), startReplica("replica-b"));
    Replica follower = otherThan(leader);
    createTrustDomain("example", "example.org");
    awaitReady(() -> readyOf(trustDomain("example")));
    createIdentity("shop", "web");
    awaitReady(() -> readyOf(identity("shop", "web")));
    String webVersion =
        client()
            .secrets()
            .inNamespace("shop")
            .withName("web")
            .get()
            .getMetadata()
            .getResourceVersion();
    assertThat(writesBesidesElection(follower)).as("writes by the follower").isEmpty();

    long stopped = System.nanoTime();
    leader.operator().close();
    createIdentity("shop", "api");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> follower.identity().equals(holder()));
    Duration takeOver = Duration.ofNanos(System.nanoTime() - stopped);
    awaitReady(() -> readyOf(identity("shop", "api")));
    Duration served = Duration.ofNanos(System.nanoTime() - stopped);
    System.out.printf(
        "Leader stopped: Lease taken over after %d ms, new identity Ready after %d ms%n",
        takeOver.toMillis(), served.toMillis());

    assertThat(takeOver)
        .as("the stopped leader's Lease is not released: it must run out first")
        .isGreaterThan(LEASE.minus(RETRY).minusMillis(300))
        .as("taken over within the lease duration and one retry period with its jitter")
        .isLessThan(LEASE.plus(RETRY.multipliedBy(22).dividedBy(10)).plusSeconds(1));
    assertThat(follower.operator().isLeading()).isTrue();
    assertThat(cluster.writesBy(follower.userAgent(), r -> r.contains("/namespaces/shop/secrets")))
        .containsExactly("POST /api/v1/namespaces/shop/secrets");
    assertThat(client().secrets().inNamespace("shop").withName("web").get())
        .as("the new leader leaves the SVID it did not need to touch as it was")
        .satisfies(s -> assertThat(s.getMetadata().getResourceVersion()).isEqualTo(webVersion));
    assertThat(caSecrets()).as("CA Secrets").isEqualTo(1);
    assertThat(lease().orElseThrow().getSpec().getLeaseTransitions()).isEqualTo(1);
  }

  @Test
  void withoutUpdateOnLeasesTheOperatorDoesNotStartAndSaysWhatIsMissing() {
    cluster.allowLeases("get");
    VsidOperator operator = newReplica("replica-a").operator();

    assertThatThrownBy(operator::start)
        .isInstanceOf(OperatorException.class)
        .rootCause()
        .hasMessageContaining("in namespace: " + NAMESPACE)
        .hasMessageContaining("missing required verbs: [create, update]");
    assertThat(lease()).isEmpty();
  }

  private Replica startReplica(String identity) {
    Replica replica = newReplica(identity);
    replica.operator().start();
    return replica;
  }

  private Replica newReplica(String identity) {
    LeaderElectionSettings election =
        LeaderElectionSettings.disabled(NAMESPACE)
            .withEnabled(true)
            .withIdentity(identity)
            .withTimings(LEASE, RENEW, RETRY)
            .withExitOnStopLeading(false);
    OperatorSettings settings =
        OperatorSettings.defaults(NAMESPACE)
            .withServerSideApply(false)
            .withLeaderElection(election);
    String userAgent = "vsid-test/" + identity;
    var operator = new VsidOperator(cluster.newClient(userAgent), settings, Clock.systemUTC());
    Replica replica = new Replica(identity, userAgent, operator);
    started.add(replica);
    return replica;
  }

  /** Waits until one of the replicas holds the Lease and leads, and returns it. */
  private Replica leaderOf(Replica... replicas) {
    await().atMost(WAIT).until(() -> holder() != null);
    Replica leader =
        List.of(replicas).stream()
            .filter(r -> r.identity().equals(holder()))
            .findFirst()
            .orElseThrow();
    await().atMost(WAIT).until(leader.operator()::isLeading);
    return leader;
  }

  private Replica otherThan(Replica leader) {
    return started.stream().filter(r -> r != leader).findFirst().orElseThrow();
  }

  private List<String> writesBesidesElection(Replica replica) {
    return cluster.writesBy(replica.userAgent(), ELECTION.negate());
  }

  private Optional<Lease> lease() {
    return Optional.ofNullable(
        client().leases().inNamespace(NAMESPACE).withName("vsid-operator").get());
  }

  private String holder() {
    return lease().map(l -> l.getSpec().getHolderIdentity()).orElse(null);
  }

  private int caSecrets() {
    return client()
        .secrets()
        .inNamespace(NAMESPACE)
        .withLabelSelector(Labels.CA_SELECTOR)
        .list()
        .getItems()
        .size();
  }

  private void createTrustDomain(String name, String trustDomain) {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName(name).build());
    td.setSpec(new TrustDomainSpec());
    td.getSpec().setTrustDomain(trustDomain);
    client().resource(td).create();
  }

  private void createIdentity(String namespace, String name) {
    WorkloadIdentity wi = new WorkloadIdentity();
    wi.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    WorkloadIdentitySpec spec = new WorkloadIdentitySpec();
    spec.setTrustDomain("example");
    spec.setServiceAccountName(name);
    wi.setSpec(spec);
    client().resource(wi).create();
  }

  private TrustDomain trustDomain(String name) {
    return client().resources(TrustDomain.class).withName(name).get();
  }

  private WorkloadIdentity identity(String namespace, String name) {
    return client().resources(WorkloadIdentity.class).inNamespace(namespace).withName(name).get();
  }

  private static Optional<Condition> readyOf(TrustDomain td) {
    return td == null || td.getStatus() == null
        ? Optional.empty()
        : Conditions.find(td.getStatus().getConditions(), Condition.READY);
  }

  private static Optional<Condition> readyOf(WorkloadIdentity wi) {
    return wi == null || wi.getStatus() == null
        ? Optional.empty()
        : Conditions.find(wi.getStatus().getConditions(), Condition.READY);
  }

  private static void awaitReady(java.util.function.Supplier<Optional<Condition>> ready) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ready.get().map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false));
  }

  private KubernetesClient client() {
    return cluster.client();
  }
}
