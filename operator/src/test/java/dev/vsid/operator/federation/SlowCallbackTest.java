package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import dev.vsid.operator.pki.CertificateAuthority;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection ends at the exchange deadline whatever holds it: a bundle callback that does not
 * return has its connection closed and its thread interrupted, so the thread is not lost.
 */
class SlowCallbackTest {
  @Test
  void aBundleCallbackThatHangsIsCutAndInterruptedAtTheExchangeDeadline() throws Exception {
    CertificateAuthority ca = newCa(TD_A);
    CountDownLatch interrupted = new CountDownLatch(1);
    ServedTrustDomain served =
        new ServedTrustDomain(
            TD_A,
            TestEndpointServer.loopback(),
            Profile.HTTPS_SPIFFE,
            () -> hang(interrupted, bundleOf(ca)),
            () -> ServingCredential.of(svid(ca, ENDPOINT_A)));
    ServerSettings settings = ServerSettings.DEFAULTS.withExchangeDeadline(Duration.ofSeconds(1));
    try (BundleEndpointServer server = BundleEndpointServer.start(List.of(served), settings)) {
      InetSocketAddress endpoint =
          new InetSocketAddress("127.0.0.1", server.address(TD_A).getPort());
      long start = System.nanoTime();

      assertThatThrownBy(() -> RawClient.get(endpoint, RawClient.FIRST, 10_000))
          .isInstanceOf(IOException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
      assertThat(interrupted.await(2, TimeUnit.SECONDS)).as("callback interrupted").isTrue();
    }
  }

  private static TrustBundle hang(CountDownLatch interrupted, TrustBundle bundle) {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      interrupted.countDown();
    }
    return bundle;
  }
}
