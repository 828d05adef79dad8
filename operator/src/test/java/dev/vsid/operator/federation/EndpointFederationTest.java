package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.OTHER_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleDocument;
import dev.vsid.operator.api.v1alpha1.BundleEndpointSpec;
import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator fetches a foreign trust domain's bundle from its SPIFFE bundle endpoint (a server on
 * loopback), follows its refresh hint, keeps the last good bundle when the endpoint fails, and
 * refuses a server that is not the configured SPIFFE ID.
 */
class EndpointFederationTest {
  private final OperatorHarness harness = new OperatorHarness();
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final CertificateAuthority ca = FederationFixtures.newCa(TD_A);

  @AfterEach
  void close() throws Exception {
    harness.close();
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  @Test
  void aBundleFetchedFromAnHttpsSpiffeEndpointReachesWorkloadsAndItsRotationFollowsTheHint() {
    TrustBundle served = FederationFixtures.bundleOf(ca).withRefreshHint(Duration.ofSeconds(10));
    TestEndpointServer server = serve(served, ENDPOINT_A);
    federated(server.url(), ENDPOINT_A);

    FederatedTrustDomain ftd = awaitReady(Reasons.BUNDLE_IN_USE);
    assertThat(ftd.getStatus().getRefreshHint()).isEqualTo("10s");
    assertThat(ftd.getStatus().getLastSuccessTime()).isNotNull();
    assertThat(ftd.getStatus().getTrustDomain()).isEqualTo("td-a");
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setFederatesWith(List.of("td-a"));
        });
    harness.createIdentity("shop", "web", s -> {});
    String serial = harness.awaitIdentityReady("shop", "web").getStatus().getSerialNumber();
    awaitSecretHolds(pem(List.of(ca)));

    CertificateAuthority next = FederationFixtures.newCa(TD_A);
    server.bundle.set(
        TrustBundle.of(TD_A, List.of(ca.certificate(), next.certificate()))
            .withRefreshHint(Duration.ofSeconds(10))
            .withSequence(2));
    awaitSecretHolds(pem(List.of(ca, next)));
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
    assertThat(federatedTrustDomain().getStatus().getSequence()).isEqualTo(2L);
  }

  @Test
  void whenTheEndpointIsDownTheLastGoodBundleStaysAndTheStatusSaysWhy() throws Exception {
    TestEndpointServer server =
        serve(FederationFixtures.bundleOf(ca).withRefreshHint(Duration.ofSeconds(10)), ENDPOINT_A);
    federated(server.url(), ENDPOINT_A);
    String bundle = awaitReady(Reasons.BUNDLE_IN_USE).getStatus().getBundle();

    server.close();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> federatedTrustDomain().getStatus().getLastError() != null);
    FederatedTrustDomain ftd = awaitReady(Reasons.BUNDLE_IN_USE_STALE);
    assertThat(ftd.getStatus().getBundle()).isEqualTo(bundle);
    assertThat(ftd.getStatus().getLastError()).contains("could not connect");
  }

  /**
   * A peer rotated its CA while this side could not fetch: the new serving certificate does not
   * chain to the last bundle fetched. Putting the peer's current bundle in the initial bundle lets
   * the next fetch through, and the last good bundle stays in use meanwhile.
   */
  @Test
  void aMissedRotationIsRecoveredByUpdatingTheInitialBundle() {
    TrustBundle first = FederationFixtures.bundleOf(ca).withRefreshHint(Duration.ofSeconds(10));
    TestEndpointServer server = serve(first, ENDPOINT_A);
    federated(server.url(), ENDPOINT_A);
    String firstBundle = awaitReady(Reasons.BUNDLE_IN_USE).getStatus().getBundle();

    CertificateAuthority next = FederationFixtures.newCa(TD_A);
    server.credential.set(ServingCredential.of(FederationFixtures.svid(next, ENDPOINT_A)));
    server.bundle.set(
        FederationFixtures.bundleOf(next).withRefreshHint(Duration.ofSeconds(10)).withSequence(5));
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                federatedTrustDomain().getStatus().getLastError() != null
                    && federatedTrustDomain().getStatus().getLastError().contains("chain"));
    FederatedTrustDomain stale = awaitReady(Reasons.BUNDLE_IN_USE_STALE);
    assertThat(stale.getStatus().getBundle()).isEqualTo(firstBundle);

    harness
        .client()
        .resources(FederatedTrustDomain.class)
        .withName("td-a")
        .edit(
            f -> {
              f.getSpec().getBundle().getEndpoint().getInitialBundle().setPem(pem(List.of(next)));
              return f;
            });
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> Long.valueOf(5).equals(federatedTrustDomain().getStatus().getSequence()));
    FederatedTrustDomain recovered = awaitReady(Reasons.BUNDLE_IN_USE);
    assertThat(recovered.getStatus().getLastError()).isNull();
    assertThat(recovered.getStatus().getRootFingerprints())
        .containsExactly(dev.vsid.operator.pki.Fingerprints.sha256(next.certificate()));
  }

  @Test
  void aServerThatIsNotTheConfiguredSpiffeIdIsRefusedWithAClearStatus() {
    TestEndpointServer server = serve(FederationFixtures.bundleOf(ca), OTHER_A);
    federated(server.url(), ENDPOINT_A);

    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                federatedTrustDomain().getStatus() != null
                    && federatedTrustDomain().getStatus().getLastError() != null);
    FederatedTrustDomain ftd = federatedTrustDomain();
    Condition ready =
        Conditions.find(ftd.getStatus().getConditions(), Condition.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready.getReason()).isEqualTo("ServerNotAuthenticated");
    assertThat(ready.getMessage()).contains(OTHER_A.toString()).contains(ENDPOINT_A.toString());
    assertThat(ftd.getStatus().getBundle()).isNull();
  }

  /**
   * A status bundle that records no trust domain (as written before the status recorded it) is not
   * trusted to be this trust domain's: at start it is fetched again, even though its next refresh
   * is not due yet.
   */
  @Test
  void aBundleWithNoRecordedTrustDomainIsFetchedAgainAtStart() {
    TestEndpointServer server = serve(FederationFixtures.bundleOf(ca), ENDPOINT_A);
    federated(server.url(), ENDPOINT_A);
    String bundle = awaitReady(Reasons.BUNDLE_IN_USE).getStatus().getBundle();
    harness.stopOperator();
    FederatedTrustDomain unrecorded = federatedTrustDomain();
    unrecorded.getStatus().setTrustDomain(null);
    unrecorded.getStatus().setBundle(SpiffeBundleJson.write(TrustBundle.of(TD_A, List.of())));
    harness.client().resource(unrecorded).updateStatus();

    harness.startOperator();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> "td-a".equals(federatedTrustDomain().getStatus().getTrustDomain()));
    assertThat(federatedTrustDomain().getStatus().getBundle()).isEqualTo(bundle);
  }

  private TestEndpointServer serve(TrustBundle bundle, SpiffeId serverId) {
    TestEndpointServer server =
        TestEndpointServer.spiffe(
            bundle, ServingCredential.of(FederationFixtures.svid(ca, serverId)));
    servers.add(server);
    return server;
  }

  private void federated(String url, SpiffeId endpointId) {
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(new ObjectMetaBuilder().withName("td-a").build());
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain("td-a");
    BundleEndpointSpec endpoint = new BundleEndpointSpec();
    endpoint.setUrl(url);
    endpoint.setProfile("https_spiffe");
    endpoint.setSpiffeId(endpointId.toString());
    BundleDocument initial = new BundleDocument();
    initial.setPem(pem(List.of(ca)));
    endpoint.setInitialBundle(initial);
    BundleSource source = new BundleSource();
    source.setEndpoint(endpoint);
    spec.setBundle(source);
    ftd.setSpec(spec);
    harness.client().resource(ftd).create();
  }

  private FederatedTrustDomain federatedTrustDomain() {
    return harness.client().resources(FederatedTrustDomain.class).withName("td-a").get();
  }

  private FederatedTrustDomain awaitReady(String reason) {
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> {
              FederatedTrustDomain ftd = federatedTrustDomain();
              return ftd != null
                  && ftd.getStatus() != null
                  && Conditions.find(ftd.getStatus().getConditions(), Condition.READY)
                      .map(c -> reason.equals(c.getReason()))
                      .orElse(false);
            });
    return federatedTrustDomain();
  }

  private void awaitSecretHolds(String pem) {
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> {
              Secret s = harness.secret("shop", "web");
              return s != null && pem.equals(OperatorHarness.text(s, "federated.td-a.crt"));
            });
  }

  private static String pem(List<CertificateAuthority> cas) {
    return PemBundle.write(TrustBundle.of(TD_A, cas.stream().map(c -> c.certificate()).toList()));
  }
}
