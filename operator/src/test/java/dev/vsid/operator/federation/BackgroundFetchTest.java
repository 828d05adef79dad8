package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleDocument;
import dev.vsid.operator.api.v1alpha1.BundleEndpointSpec;
import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bundle endpoints are fetched off the reconcile threads; what a fetch brings back is used only for
 * the FederatedTrustDomain, and the spec, it was started for.
 */
class BackgroundFetchTest {
  private final OperatorHarness harness = new OperatorHarness();
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final CertificateAuthority ca = FederationFixtures.newCa(TD_A);
  private final CertificateAuthority other = FederationFixtures.newCa(TD_A);

  @AfterEach
  void close() throws Exception {
    harness.close();
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  @Test
  void aBundleFetchedForASpecChangedMeanwhileIsNotUsed() {
    GatedServer old = gated(FederationFixtures.bundleOf(ca).withSequence(9));
    federated(old.url());
    await().atMost(OperatorHarness.WAIT).until(() -> old.asked.get() == 1);

    TestEndpointServer next = fast(FederationFixtures.bundleOf(other).withSequence(2));
    FederatedTrustDomain ftd = ftd();
    ftd.getSpec().getBundle().getEndpoint().setUrl(next.url());
    harness.client().resource(ftd).update();
    awaitRoots(other);
    old.answer();

    assertThat(ftd().getStatus().getSequence()).isEqualTo(2L);
    assertThat(ftd().getStatus().getRootFingerprints()).containsExactly(fingerprint(other));
    assertThat(ftd().getStatus().getLastError()).isNull();
  }

  @Test
  void aFederatedTrustDomainDeletedDuringAFetchStaysDeletedAndANewOneOfTheSameNameStartsAfresh() {
    GatedServer slow = gated(FederationFixtures.bundleOf(ca));
    federated(slow.url());
    await().atMost(OperatorHarness.WAIT).until(() -> slow.asked.get() == 1);

    harness.client().resource(ftd()).delete();
    await().atMost(OperatorHarness.WAIT).until(() -> ftd() == null);
    slow.answer();
    assertThat(ftd()).as("the FederatedTrustDomain after its fetch ended").isNull();

    federated(fast(FederationFixtures.bundleOf(other)).url());
    awaitRoots(other);
  }

  private void awaitRoots(CertificateAuthority expected) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              FederatedTrustDomain ftd = ftd();
              return ftd != null
                  && ftd.getStatus() != null
                  && List.of(fingerprint(expected)).equals(ftd.getStatus().getRootFingerprints());
            });
  }

  private static String fingerprint(CertificateAuthority ca) {
    return Fingerprints.sha256(ca.certificate());
  }

  private TestEndpointServer fast(TrustBundle bundle) {
    TestEndpointServer server =
        TestEndpointServer.spiffe(
            bundle, ServingCredential.of(FederationFixtures.svid(ca, ENDPOINT_A)));
    servers.add(server);
    return server;
  }

  private GatedServer gated(TrustBundle bundle) {
    GatedServer server = new GatedServer(bundle, ca);
    servers.add(server);
    return server;
  }

  private void federated(String url) {
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(new ObjectMetaBuilder().withName("td-a").build());
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain(TD_A.name());
    BundleEndpointSpec endpoint = new BundleEndpointSpec();
    endpoint.setUrl(url);
    endpoint.setProfile("https_spiffe");
    endpoint.setSpiffeId(ENDPOINT_A.toString());
    BundleDocument initial = new BundleDocument();
    initial.setPem(PemBundle.write(FederationFixtures.bundleOf(ca)));
    endpoint.setInitialBundle(initial);
    BundleSource source = new BundleSource();
    source.setEndpoint(endpoint);
    spec.setBundle(source);
    ftd.setSpec(spec);
    harness.client().resource(ftd).create();
  }

  private FederatedTrustDomain ftd() {
    return harness.client().resources(FederatedTrustDomain.class).withName("td-a").get();
  }

  /**
   * A bundle endpoint on 127.0.0.1 that holds each request until the test lets it answer, then
   * answers and waits a moment for the operator to take in what it got.
   */
  private static final class GatedServer implements AutoCloseable {
    final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final BundleEndpointServer server;

    GatedServer(TrustBundle bundle, CertificateAuthority ca) {
      ServingCredential credential = ServingCredential.of(FederationFixtures.svid(ca, ENDPOINT_A));
      ServedTrustDomain served =
          new ServedTrustDomain(
              TD_A,
              TestEndpointServer.loopback(),
              Profile.HTTPS_SPIFFE,
              () -> {
                asked.incrementAndGet();
                try {
                  gate.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                answered.incrementAndGet();
                return bundle;
              },
              () -> credential);
      try {
        server = BundleEndpointServer.start(List.of(served), ServerSettings.DEFAULTS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String url() {
      return server.url(TD_A).toString();
    }

    void answer() {
      gate.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> answered.get() >= asked.get());
      sleep(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
      gate.countDown();
      server.close();
    }

    private static void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
