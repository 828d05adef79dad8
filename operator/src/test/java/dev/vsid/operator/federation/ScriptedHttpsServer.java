package dev.vsid.operator.federation;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * A misbehaving bundle endpoint on 127.0.0.1: the JDK's HTTPS server presenting a given SVID and
 * answering every request with a scripted handler (redirects, errors, huge or broken bodies).
 */
final class ScriptedHttpsServer implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  ScriptedHttpsServer(ServingCredential credential, HttpHandler handler) throws Exception {
    server = HttpsServer.create(TestEndpointServer.loopback(), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(context(credential)));
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
  }

  /** A handler answering {@code status} with {@code body} and the given header pairs. */
  static HttpHandler answer(int status, String body, String... headers) {
    return exchange -> {
      try (exchange) {
        for (int i = 0; i < headers.length; i += 2) {
          exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
      }
    };
  }

  /** A handler answering 200 with {@code size} bytes, chunked (no Content-Length) when asked. */
  static HttpHandler bigBody(long size, boolean chunked) {
    return exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(200, chunked ? 0 : size);
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) ' ');
        try (OutputStream out = exchange.getResponseBody()) {
          for (long sent = 0; sent < size; sent += block.length) {
            out.write(block, 0, (int) Math.min(block.length, size - sent));
          }
        } catch (IOException e) {
          // The client hung up after the cap: what the test expects.
        }
      }
    };
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static SSLContext context(ServingCredential credential) throws GeneralSecurityException {
    ServedTrustDomain served =
        new ServedTrustDomain(
            FederationFixtures.TD_A,
            TestEndpointServer.loopback(),
            Profile.HTTPS_WEB,
            () -> TrustBundle.empty(FederationFixtures.TD_A),
            () -> credential);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new RotatingKeyManager(served)}, null, null);
    return context;
  }
}
