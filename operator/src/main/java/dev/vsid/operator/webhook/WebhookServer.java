package dev.vsid.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The webhook's HTTPS endpoint (JDK HTTP server): TLS 1.3 or 1.2 with forward-secret AEAD suites
 * only, the serving certificate taken from a {@link ReloadingKeyManager} at each handshake.
 */
final class WebhookServer implements AutoCloseable {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final Set<String> CIPHER_SUITES =
      Set.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
  private static final int THREADS = 8;

  private final HttpsServer server;
  private final ExecutorService executor;

  WebhookServer(InetSocketAddress address, ReloadingKeyManager keys, ReviewHandler handler)
      throws IOException {
    RequestLimits.applyToJdkServer();
    SSLContext tls = tlsContext(keys);
    server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            params.setSSLParameters(parameters(tls));
          }
        });
    server.createContext("/", handler::handle);
    executor = Executors.newFixedThreadPool(THREADS, WebhookServer::thread);
    server.setExecutor(executor);
  }

  void start() {
    server.start();
  }

  /** The address the server listens on; the port is the real one when 0 was asked for. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static SSLContext tlsContext(ReloadingKeyManager keys) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the webhook", e);
    }
  }

  private static SSLParameters parameters(SSLContext tls) {
    SSLParameters parameters = tls.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setCipherSuites(
        Arrays.stream(tls.getSupportedSSLParameters().getCipherSuites())
            .filter(CIPHER_SUITES::contains)
            .toArray(String[]::new));
    parameters.setUseCipherSuitesOrder(true);
    parameters.setNeedClientAuth(false);
    return parameters;
  }

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "webhook-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** Handles one exchange. */
  interface ReviewHandler {
    void handle(HttpExchange exchange) throws IOException;
  }
}
