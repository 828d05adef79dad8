package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.client;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.spiffeEndpoint;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.pki.CertificateAuthority;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients that start a TLS handshake and stall hold their own connection thread only, until the
 * request deadline: with one idle thread and three stalled clients, a well-behaved fetch is still
 * served in seconds. (The JDK's HTTPS server, used before, held a shared worker per stalled
 * handshake.)
 */
class SlowClientTest {
  private static final byte[] PARTIAL_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, 0x50, 0x01};

  @Test
  void stalledHandshakesCannotPinTheOnlyWorker() throws Exception {
    CertificateAuthority caA = newCa(TD_A);
    ServerSettings oneWorker =
        ServerSettings.DEFAULTS.withWorkerThreads(1).withExchangeDeadline(Duration.ofSeconds(1));
    List<Socket> stalled = new ArrayList<>();
    try (TestEndpointServer server =
        TestEndpointServer.spiffe(
            bundleOf(caA), ServingCredential.of(svid(caA, ENDPOINT_A)), oneWorker)) {
      for (int i = 0; i < 3; i++) {
        stalled.add(stall(server.port()));
      }
      Thread.sleep(200);
      long start = System.nanoTime();

      FetchedBundle fetched =
          client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(FetchState.initial(bundleOf(caA)));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(fetched.bundle().authorities()).containsExactly(caA.certificate());
      assertThat(took).isLessThan(Duration.ofSeconds(6));
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private static Socket stall(int port) throws Exception {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = socket.getOutputStream();
    out.write(PARTIAL_CLIENT_HELLO);
    out.flush();
    return socket;
  }
}
