package dev.vsid.operator.federation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket of a {@link BundleEndpointServer}: a thread that accepts connections, asks
 * the shared {@link ConnectionLimits} for a slot, and hands each admitted connection to a thread of
 * its own. A connection over a limit is reset at once, before any TLS work.
 */
final class BundleListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleListener.class);
  private static final int BACKLOG = 64;

  private final ServedTrustDomain served;
  private final ServerSocket server;
  private final ConnectionLimits limits;
  private final Connection.Context context;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private BundleListener(
      ServedTrustDomain served,
      ServerSocket server,
      ConnectionLimits limits,
      Connection.Context context) {
    this.served = served;
    this.server = server;
    this.limits = limits;
    this.context = context;
  }

  /** Binds {@code served}'s address and starts accepting. */
  static BundleListener open(
      ServedTrustDomain served,
      ServerSettings settings,
      ConnectionLimits limits,
      ConnectionThreads threads)
      throws IOException {
    SSLContext tls = sslContext(served);
    Connection.Context context =
        new Connection.Context(
            tls.getSocketFactory(),
            parameters(tls),
            new BundleHandler(served, settings.path()),
            settings.requestDeadline(),
            settings.exchangeDeadline(),
            threads);
    BundleListener listener = new BundleListener(served, bind(served), limits, context);
    Thread acceptor = new Thread(listener::acceptUntilClosed, "vsid-bundle-endpoint-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return listener;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Stops accepting and cuts the open connections. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      log.debug("closing the listener of {}: {}", served.trustDomain(), e.toString());
    }
    open.forEach(Connection::cut);
  }

  private void acceptUntilClosed() {
    while (!closed) {
      try {
        admit(server.accept());
      } catch (IOException e) {
        if (!closed) {
          log.warn("bundle endpoint of {}: accept failed: {}", served.trustDomain(), e.toString());
          pause();
        }
      }
    }
  }

  private void admit(Socket socket) {
    ConnectionLimits.Slot slot = limits.admit(socket.getInetAddress());
    if (slot == null) {
      reset(socket);
      return;
    }
    Connection connection = new Connection(socket, slot, context, open::remove);
    open.add(connection);
    if (closed || !context.threads().run(connection)) {
      open.remove(connection);
      slot.close();
      reset(socket);
    }
  }

  /** Closes with a TCP reset: at once, and nothing left in TIME_WAIT here. */
  private static void reset(Socket socket) {
    try (socket) {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already gone.
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ServerSocket bind(ServedTrustDomain served) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(served.bindAddress(), BACKLOG);
      return server;
    } catch (IOException e) {
      server.close();
      throw new IOException(
          "cannot listen on " + served.bindAddress() + " for trust domain " + served.trustDomain(),
          e);
    }
  }

  private static SSLContext sslContext(ServedTrustDomain served) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new RotatingKeyManager(served)}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  /** TLS 1.2 and 1.3 only; no client certificate asked for. */
  private static SSLParameters parameters(SSLContext tls) {
    SSLParameters parameters = tls.getDefaultSSLParameters();
    parameters.setProtocols(HttpsGet.PROTOCOLS);
    parameters.setNeedClientAuth(false);
    parameters.setWantClientAuth(false);
    return parameters;
  }
}
