package dev.vsid.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Proves that two identities' mounted files are enough for workloads to talk: a mutual TLS 1.3
 * handshake on 127.0.0.1, each side presenting its SVID Secret's tls.crt and tls.key, trusting only
 * the roots in its trust anchors file (the ca.crt of the bundle ConfigMap in its namespace), and
 * authorising the other by SPIFFE ID; then one line of application data each way.
 */
final class MutualTlsProof {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String[] PROTOCOLS = {SvidTlsContext.PROTOCOL};

  /**
   * One side: its name for reports, its SVID files, the file of roots it trusts (null when it has
   * none), the SPIFFE ID its peer must show, and the roots of the peer's own trust domain that the
   * peer's chain must lead to (null: the handshake's check against {@code trustAnchors} is the only
   * one, as between two workloads of one trust domain).
   */
  record Party(
      String name,
      SvidFiles.FileSet files,
      Path trustAnchors,
      String spiffeId,
      Path peerTrustDomainBundle) {
    Party(String name, SvidFiles.FileSet files, Path trustAnchors, String spiffeId) {
      this(name, files, trustAnchors, spiffeId, null);
    }
  }

  /**
   * What one side saw; {@code refusedPeer} when it turned the peer away, by SPIFFE ID or because
   * the peer's chain does not lead to a root it trusts.
   */
  private record SideOutcome(
      boolean acceptedPeer,
      boolean refusedPeer,
      boolean exchanged,
      String protocol,
      String failure) {

    static SideOutcome accepted(String protocol, boolean exchanged, String failure) {
      return new SideOutcome(true, false, exchanged, protocol, failure);
    }

    static SideOutcome refused(String failure) {
      return new SideOutcome(false, true, false, null, failure);
    }

    static SideOutcome failed(String failure) {
      return new SideOutcome(false, false, false, null, failure);
    }
  }

  private MutualTlsProof() {}

  /** Runs the proof; {@code server} expects {@code client.spiffeId()} and the reverse. */
  static HandshakeResult run(Party client, Party server) {
    return run(client, server, client.spiffeId(), server.spiffeId());
  }

  /** Runs the proof with explicit expectations, for showing that a wrong peer is refused. */
  static HandshakeResult run(
      Party client, Party server, String serverExpects, String clientExpects) {
    for (Party party : new Party[] {client, server}) {
      if (party.trustAnchors() == null) {
        return failed(
            client, server, party.name() + " has no bundle ConfigMap to take trust anchors from");
      }
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(MutualTlsProof::daemon);
    try (SSLServerSocket listener = listen(server)) {
      Future<SideOutcome> serverSide =
          executor.submit(() -> serve(listener, server, serverExpects));
      SideOutcome clientSide = connect(listener.getLocalPort(), client, clientExpects);
      return combine(client, server, await(serverSide), clientSide);
    } catch (IOException | GeneralSecurityException e) {
      return failed(client, server, "could not set up TLS from the files: " + e.getMessage());
    } finally {
      executor.shutdownNow();
    }
  }

  private static SSLServerSocket listen(Party server) throws IOException, GeneralSecurityException {
    var factory =
        SvidTlsContext.fromFiles(server.files(), server.trustAnchors()).getServerSocketFactory();
    var socket =
        (SSLServerSocket) factory.createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    socket.setEnabledProtocols(PROTOCOLS);
    socket.setNeedClientAuth(true);
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    return socket;
  }

  private static SideOutcome serve(SSLServerSocket listener, Party self, String expected) {
    try (SSLSocket socket = (SSLSocket) listener.accept()) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.startHandshake();
      String peer = PeerCheck.require(socket.getSession(), expected);
      PeerCheck.requireIssuedBy(socket.getSession(), self.peerTrustDomainBundle());
      BufferedReader in = reader(socket);
      String line = in.readLine();
      String protocol = socket.getSession().getProtocol();
      if (line == null) {
        return SideOutcome.accepted(protocol, false, "client closed the connection silently");
      }
      writer(socket).println("hello " + peer + ", this is " + self.spiffeId());
      return SideOutcome.accepted(protocol, true, null);
    } catch (PeerCheck.PeerRejected e) {
      return SideOutcome.refused("server refused the client: " + e.getMessage());
    } catch (IOException e) {
      if (untrustedPeer(e)) {
        return SideOutcome.refused(
            "server could not verify the client's certificate against "
                + self.trustAnchors()
                + ": "
                + e.getMessage());
      }
      return SideOutcome.failed("server side: " + e.getMessage());
    }
  }

  private static SideOutcome connect(int port, Party self, String expected) {
    try (SSLSocket socket = clientSocket(self)) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.startHandshake();
      String peer = PeerCheck.require(socket.getSession(), expected);
      PeerCheck.requireIssuedBy(socket.getSession(), self.peerTrustDomainBundle());
      writer(socket).println("hello " + peer + ", this is " + self.spiffeId());
      String reply = reader(socket).readLine();
      String protocol = socket.getSession().getProtocol();
      if (reply == null) {
        return SideOutcome.accepted(protocol, false, "server closed the connection silently");
      }
      return SideOutcome.accepted(protocol, true, null);
    } catch (PeerCheck.PeerRejected e) {
      return SideOutcome.refused("client refused the server: " + e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      if (untrustedPeer(e)) {
        return SideOutcome.refused(
            "client could not verify the server's certificate against "
                + self.trustAnchors()
                + ": "
                + e.getMessage());
      }
      return SideOutcome.failed("client side: " + e.getMessage());
    }
  }

  /**
   * True when this side's own check of the peer's chain failed (its trust anchors do not lead to
   * the peer's certificate), as opposed to the peer hanging up or refusing us.
   */
  private static boolean untrustedPeer(Exception e) {
    if (!(e instanceof SSLHandshakeException)) {
      return false;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException
          || cause instanceof CertPathValidatorException
          || cause instanceof CertPathBuilderException) {
        return true;
      }
    }
    return false;
  }

  private static SSLSocket clientSocket(Party self) throws IOException, GeneralSecurityException {
    var socket =
        (SSLSocket)
            SvidTlsContext.fromFiles(self.files(), self.trustAnchors())
                .getSocketFactory()
                .createSocket();
    socket.setEnabledProtocols(PROTOCOLS);
    return socket;
  }

  private static SideOutcome await(Future<SideOutcome> server) {
    try {
      return server.get(TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return SideOutcome.failed("server side did not finish within " + TIMEOUT.multipliedBy(2));
    } catch (ExecutionException e) {
      return SideOutcome.failed("server side failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SideOutcome.failed("interrupted");
    }
  }

  private static HandshakeResult combine(
      Party client, Party server, SideOutcome serverSide, SideOutcome clientSide) {
    return new HandshakeResult(
        client.name(),
        server.name(),
        serverSide.acceptedPeer(),
        clientSide.acceptedPeer(),
        serverSide.exchanged() && clientSide.exchanged(),
        clientSide.protocol(),
        rootCause(serverSide, clientSide),
        client.trustAnchors(),
        server.trustAnchors());
  }

  /** A refusal explains what the other side then saw (a closed connection), so it comes first. */
  private static String rootCause(SideOutcome serverSide, SideOutcome clientSide) {
    if (serverSide.refusedPeer()) {
      return serverSide.failure();
    }
    if (clientSide.refusedPeer()) {
      return clientSide.failure();
    }
    return serverSide.failure() != null ? serverSide.failure() : clientSide.failure();
  }

  private static HandshakeResult failed(Party client, Party server, String failure) {
    return new HandshakeResult(
        client.name(),
        server.name(),
        false,
        false,
        false,
        null,
        failure,
        client.trustAnchors(),
        server.trustAnchors());
  }

  private static BufferedReader reader(SSLSocket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  private static PrintWriter writer(SSLSocket socket) throws IOException {
    return new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "mtls-proof-server");
    thread.setDaemon(true);
    return thread;
  }
}
