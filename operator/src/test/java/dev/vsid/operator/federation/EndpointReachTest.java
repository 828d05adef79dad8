package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.spiffeEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.CertificateAuthority;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URLs that are refused before any connection, and endpoints that are down or stalled. */
class EndpointReachTest {
  private static final CertificateAuthority CA_A = newCa(TD_A);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1:8443/ | uses \"http\"; a SPIFFE bundle endpoint must be https://",
        "127.0.0.1:8443 | a SPIFFE bundle endpoint must be https://",
        "https:///bundle | has no host",
        "https://user:pw@127.0.0.1/ | holds user information",
        "https://127.0.0.1/#frag | has a fragment",
        "https://127.0.0.1/a b | is not a valid URL",
      })
  void aUrlThatIsNotAPlainHttpsUrlIsRefusedAsConfiguration(String url, String expected) {
    assertThatThrownBy(() -> BundleEndpoint.of(TD_A, url, EndpointProfile.spiffe(ENDPOINT_A)))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.INVALID_ENDPOINT);
              assertThat(e.failure().isTransient()).isFalse();
              assertThat(e.getMessage()).contains(expected);
            });
  }

  @Test
  void anEndpointThatIsDownGivesAClearUnreachableError() throws Exception {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = probe.getLocalPort();
    }
    String url = "https://127.0.0.1:" + freePort + "/";

    assertThatThrownBy(() -> fetch(url, FetchSettings.DEFAULTS))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.UNREACHABLE);
              assertThat(e.failure().isTransient()).isTrue();
              assertThat(e.getMessage())
                  .isEqualTo(
                      "bundle endpoint \""
                          + url
                          + "\": could not connect (Connection refused); check that the endpoint"
                          + " is up and the URL's host and port");
            });
  }

  @Test
  void aServerThatAcceptsButNeverAnswersTimesOutWithinTheReadTimeout() throws Exception {
    FetchSettings quick = FetchSettings.DEFAULTS.withReadTimeout(Duration.ofMillis(1500));
    try (StalledServer stalled = new StalledServer()) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> fetch(stalled.url(), quick))
          .isInstanceOfSatisfying(
              BundleFetchException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(FetchFailure.TIMEOUT);
                assertThat(e.getMessage())
                    .contains("gave no complete answer within the read timeout (1500 ms)");
              });
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
      assertThat(took).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void aBodyThatStallsHalfwayTimesOutToo() throws Exception {
    FetchSettings quick = FetchSettings.DEFAULTS.withReadTimeout(Duration.ofMillis(1500));
    ServingCredential svid = ServingCredential.of(FederationFixtures.svid(CA_A, ENDPOINT_A));
    try (ScriptedHttpsServer server =
        new ScriptedHttpsServer(
            svid,
            exchange -> {
              exchange.sendResponseHeaders(200, 1000);
              exchange.getResponseBody().write("{\"keys\":".getBytes());
              exchange.getResponseBody().flush();
              sleepQuietly(Duration.ofSeconds(20));
            })) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> fetch(server.url(), quick))
          .isInstanceOfSatisfying(
              BundleFetchException.class,
              e -> assertThat(e.failure()).isEqualTo(FetchFailure.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  private static FetchedBundle fetch(String url, FetchSettings settings) throws Exception {
    BundleEndpointClient client =
        new BundleEndpointClient(spiffeEndpoint(url, ENDPOINT_A), settings, Clock.systemUTC());
    return client.fetch(FetchState.initial(bundleOf(CA_A)));
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
