package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.ServedEndpoints.fetch;
import static dev.vsid.operator.federation.ServedEndpoints.serving;
import static dev.vsid.operator.federation.ServedEndpoints.withEndpoint;
import static dev.vsid.operator.testing.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.config.BundleEndpointSettings;
import dev.vsid.operator.config.LeaderElectionSettings;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.testing.MockCluster;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every replica serves the bundle endpoint, leader or not, with the same bundle and sequence, and
 * the follower writes nothing to serve it. The two replicas bind two loopback addresses (127.0.0.1
 * and 127.0.0.2) on the same port, as two pods would on their own addresses.
 */
class EndpointOnEveryReplicaTest {
  private static final String NAMESPACE = "vsid-system";
  private static final TrustDomainName EXAMPLE = new TrustDomainName("example.org");
  private static final Predicate<String> ELECTION =
      r -> r.contains("/leases") || r.contains("/selfsubjectrulesreviews");

  private final MockCluster cluster = new MockCluster();
  private final List<VsidOperator> replicas = new ArrayList<>();

  @AfterEach
  void stop() {
    replicas.forEach(VsidOperator::close);
    cluster.close();
  }

  @Test
  void leaderAndFollowerServeTheSameBundleAndTheFollowerWritesNothing() throws Exception {
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    cluster.allowLeases("get", "create", "update");
    VsidOperator a = start("replica-a", "127.0.0.1");
    VsidOperator b = start("replica-b", "127.0.0.2");
    await().atMost(OperatorHarness.WAIT).until(() -> a.isLeading() || b.isLeading());
    String follower = a.isLeading() ? "replica-b" : "replica-a";

    int port = freePort();
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName("example").build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain("example.org");
    withEndpoint(spec, port);
    td.setSpec(spec);
    cluster.client().resource(td).create();
    await().atMost(OperatorHarness.WAIT).until(() -> serving(trustDomain()));
    List<X509Certificate> roots =
        Pem.parseCertificates(
            OperatorHarness.text(
                cluster.client().secrets().inNamespace(NAMESPACE).withName("vsid-ca-example").get(),
                "ca.crt"));
    long sequence = trustDomain().getStatus().getBundle().getSequence();

    for (String host : List.of("127.0.0.1", "127.0.0.2")) {
      FetchedBundle fetched =
          await()
              .atMost(OperatorHarness.WAIT)
              .ignoreExceptions()
              .until(() -> fetch(EXAMPLE, port, host, roots, Clock.systemUTC()), f -> true);
      assertThat(fetched.bundle().authorities()).as(host).containsExactlyElementsOf(roots);
      assertThat(fetched.bundle().sequence().getAsLong()).as(host).isEqualTo(sequence);
    }
    assertThat(cluster.writesBy("vsid-test/" + follower, ELECTION.negate()))
        .as("writes by the follower")
        .isEmpty();
  }

  private TrustDomain trustDomain() {
    return cluster.client().resources(TrustDomain.class).withName("example").get();
  }

  private VsidOperator start(String identity, String address) {
    OperatorSettings settings =
        OperatorSettings.defaults(NAMESPACE)
            .withServerSideApply(false)
            .withLeaderElection(
                LeaderElectionSettings.disabled(NAMESPACE)
                    .withEnabled(true)
                    .withIdentity(identity)
                    .withTimings(
                        Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500))
                    .withExitOnStopLeading(false))
            .withBundleEndpoints(
                BundleEndpointSettings.defaults()
                    .withBindAddress(address)
                    .withSyncInterval(Duration.ofMillis(200)));
    VsidOperator operator =
        new VsidOperator(cluster.newClient("vsid-test/" + identity), settings, Clock.systemUTC());
    replicas.add(operator);
    operator.start();
    return operator;
  }
}
