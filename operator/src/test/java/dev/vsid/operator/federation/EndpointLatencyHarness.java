package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.svid;

import dev.vsid.operator.pki.CertificateAuthority;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures, not a check: the time of one GET of the bundle (full TLS handshake) from 127.0.0.2,
 * quiet and while 8 connections from 127.0.0.1 stall in their handshake, with the production
 * settings. Run with {@code -Dvsid.harness=true -Dtest=EndpointLatencyHarness}.
 */
@EnabledIfSystemProperty(named = "vsid.harness", matches = "true")
class EndpointLatencyHarness {
  @Test
  void printLatencies() throws Exception {
    CertificateAuthority ca = newCa(TD_A);
    try (TestEndpointServer server =
        TestEndpointServer.spiffe(bundleOf(ca), ServingCredential.of(svid(ca, ENDPOINT_A)))) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
      measure("warm-up", address, 200);
      measure("quiet", address, 300);
      List<Socket> stalled = new ArrayList<>();
      try {
        int refused = 0;
        for (int i = 0; i < 8; i++) {
          try {
            stalled.add(RawClient.stall(address, RawClient.FIRST));
          } catch (IOException e) {
            refused++;
          }
        }
        Thread.sleep(200);
        for (Socket socket : stalled) {
          refused += RawClient.closedByServer(socket, 20) ? 1 : 0;
        }
        System.out.printf("HARNESS stalled connections closed at once: %d of 8%n", refused);
        measure("8 stalled from 127.0.0.1", address, 5);
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  private static void measure(String label, InetSocketAddress address, int count) throws Exception {
    long[] micros = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      int status = RawClient.get(address, RawClient.SECOND, 30_000);
      micros[i] = (System.nanoTime() - start) / 1000;
      if (status != 200) {
        throw new IllegalStateException("status " + status);
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "HARNESS %s: n=%d median=%.2f ms p90=%.2f ms max=%.2f ms%n",
        label,
        count,
        micros[count / 2] / 1000.0,
        micros[count * 9 / 10] / 1000.0,
        micros[count - 1] / 1000.0);
  }
}
