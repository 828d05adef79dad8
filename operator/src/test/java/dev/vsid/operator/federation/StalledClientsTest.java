package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static dev.vsid.operator.federation.RawClient.FIRST;
import static dev.vsid.operator.federation.RawClient.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.pki.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that open connections and stall (in the TLS handshake or while sending the request) hold
 * only their own slots, for a bounded time: other clients are served meanwhile. Clients come from
 * 127.0.0.1, 127.0.0.2 and 127.0.0.3, all loopback.
 */
class StalledClientsTest {
  private static final InetAddress THIRD = address("127.0.0.3");

  private final CertificateAuthority ca = newCa(TD_A);
  private final List<Socket> clients = new ArrayList<>();
  private TestEndpointServer server;

  @AfterEach
  void close() throws IOException {
    for (Socket socket : clients) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void oneAddressWithManyStalledConnectionsDoesNotBlockAnother() throws Exception {
    InetSocketAddress endpoint = start(ServerSettings.DEFAULTS);
    for (int i = 0; i < 20; i++) {
      stallQuietly(endpoint, FIRST);
    }
    Thread.sleep(200);

    long start = System.nanoTime();
    int status = RawClient.get(endpoint, SECOND, 5000);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(status).isEqualTo(200);
    assertThat(took).isLessThan(Duration.ofMillis(1500));
    assertThat(clients.stream().filter(RawClient::closedByServerQuickly).count())
        .as("stalled connections from 127.0.0.1 closed at once, of 20")
        .isGreaterThanOrEqualTo(16);
  }

  @Test
  void theGlobalCapClosesExcessConnectionsAtOnceAndFreedSlotsServeAgain() throws Exception {
    InetSocketAddress endpoint = start(ServerSettings.DEFAULTS.withConnectionLimits(3, 2));
    Socket a = RawClient.stall(endpoint, FIRST);
    Socket b = RawClient.stall(endpoint, FIRST);
    Socket c = RawClient.stall(endpoint, SECOND);
    clients.addAll(List.of(a, b, c));
    Thread.sleep(200);

    long start = System.nanoTime();
    boolean closed = closedOnArrival(endpoint, THIRD);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(closed).isTrue();
    assertThat(took).isLessThan(Duration.ofMillis(500));
    a.close();
    Thread.sleep(200);
    assertThat(RawClient.get(endpoint, THIRD, 5000)).isEqualTo(200);
  }

  @Test
  void aSlowlorisSendingHeadersByteByByteIsCutAtTheRequestDeadline() throws Exception {
    Duration deadline = Duration.ofSeconds(1);
    InetSocketAddress endpoint = start(ServerSettings.DEFAULTS.withRequestDeadline(deadline));
    SSLSocket slow = handshake(endpoint, FIRST);
    byte[] request =
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Slow: " + "a".repeat(200) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    long start = System.nanoTime();

    int sent = trickle(slow, request, Duration.ofMillis(50));
    Duration cutAfter = Duration.ofNanos(System.nanoTime() - start);
    int status = RawClient.get(endpoint, SECOND, 5000);

    assertThat(sent).as("bytes sent before the cut").isLessThan(request.length);
    assertThat(cutAfter).isBetween(deadline.minusMillis(200), deadline.plusSeconds(2));
    assertThat(status).as("a well-behaved client").isEqualTo(200);
  }

  @Test
  void aWellBehavedClientIsServedWhileASlowlorisTrickles() throws Exception {
    InetSocketAddress endpoint = start(ServerSettings.DEFAULTS);
    SSLSocket slow = handshake(endpoint, FIRST);
    Thread trickler =
        new Thread(
            () -> {
              try {
                trickle(slow, "GET / HTTP/1.1\r\nX: ".getBytes(StandardCharsets.US_ASCII), ms(300));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    trickler.start();

    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      assertThat(RawClient.get(endpoint, SECOND, 5000)).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
    trickler.interrupt();
    trickler.join();
  }

  private InetSocketAddress start(ServerSettings settings) {
    server =
        TestEndpointServer.spiffe(
            bundleOf(ca), ServingCredential.of(svid(ca, ENDPOINT_A)), settings);
    return new InetSocketAddress("127.0.0.1", server.port());
  }

  private void stallQuietly(InetSocketAddress endpoint, InetAddress from) {
    try {
      clients.add(RawClient.stall(endpoint, from));
    } catch (IOException e) {
      clients.add(new Socket()); // refused before the client could send: counts as closed
    }
  }

  /**
   * Whether a new connection from {@code from} is closed by the server (a reset may come first).
   */
  private boolean closedOnArrival(InetSocketAddress endpoint, InetAddress from) throws IOException {
    Socket socket;
    try {
      socket = RawClient.connect(endpoint, from, 2000);
    } catch (SocketException e) {
      return true; // reset before the connection was reported complete
    }
    clients.add(socket);
    return RawClient.closedByServer(socket, 2000);
  }

  private SSLSocket handshake(InetSocketAddress endpoint, InetAddress from) throws IOException {
    Socket plain = RawClient.connect(endpoint, from, 2000);
    clients.add(plain);
    SSLSocket tls =
        (SSLSocket)
            RawClient.trustAll()
                .getSocketFactory()
                .createSocket(plain, "127.0.0.1", endpoint.getPort(), true);
    tls.setSoTimeout(5000);
    tls.startHandshake();
    return tls;
  }

  /** Sends {@code bytes} one at a time until the server cuts; the number sent. */
  private static int trickle(SSLSocket socket, byte[] bytes, Duration pause)
      throws InterruptedException {
    int sent = 0;
    try {
      OutputStream out = socket.getOutputStream();
      for (byte b : bytes) {
        out.write(b);
        out.flush();
        sent++;
        Thread.sleep(pause.toMillis());
      }
    } catch (IOException e) {
      // Cut by the server.
    }
    return sent;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
