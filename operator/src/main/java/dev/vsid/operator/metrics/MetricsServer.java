package dev.vsid.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vsid.operator.concurrent.DaemonThreads;
import dev.vsid.operator.config.MetricsSettings;
import dev.vsid.operator.health.ProbeResult;
import dev.vsid.operator.health.Probes;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.webhook.RequestLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain HTTP server of one replica: {@code /metrics} (Prometheus text), {@code /healthz}
 * (liveness) and {@code /readyz} (readiness). Probes answer 200 or 503 with one line per check.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final int THREADS = 2;

  private final HttpServer server;
  private final ExecutorService executor;

  /** Binds the port at once, so that a port in use fails the start; serves after {@link #start}. */
  public MetricsServer(MetricsSettings settings, VsidMetrics metrics, Probes probes) {
    // The JDK reads its request time limits once, when the first server of the process is made.
    RequestLimits.applyToJdkServer();
    try {
      server =
          HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen for metrics on "
              + settings.bindAddress()
              + ":"
              + settings.port()
              + " (VSID_METRICS_BIND_ADDRESS, VSID_METRICS_PORT): "
              + e.getMessage(),
          e);
    }
    executor = Executors.newFixedThreadPool(THREADS, DaemonThreads.numbered("metrics-http-"));
    server.setExecutor(executor);
    server.createContext("/metrics", e -> answer(e, () -> metrics(metrics)));
    server.createContext("/healthz", e -> answer(e, () -> probe(probes.liveness())));
    server.createContext("/readyz", e -> answer(e, () -> probe(probes.readiness())));
  }

  /** A response: status, content type, body. */
  private record Reply(int status, String type, String body) {}

  public void start() {
    server.start();
    log.info("Serving /metrics, /healthz and /readyz on {}", address());
  }

  /** Where the server listens; with port 0, the port the system chose. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static Reply metrics(VsidMetrics metrics) {
    return new Reply(200, PROMETHEUS_TEXT, metrics.scrape());
  }

  private static Reply probe(ProbeResult result) {
    return new Reply(result.passed() ? 200 : 503, TEXT, result.body());
  }

  private static void answer(HttpExchange exchange, Supplier<Reply> handler) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      Reply reply;
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply = new Reply(405, TEXT, "only GET and HEAD\n");
      } else if (!exactPath(exchange)) {
        reply = new Reply(404, TEXT, "not found\n");
      } else {
        reply = handle(handler);
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", reply.type());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static boolean exactPath(HttpExchange exchange) {
    return exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath());
  }

  private static Reply handle(Supplier<Reply> handler) {
    try {
      return handler.get();
    } catch (RuntimeException e) {
      log.warn("Answering a metrics or probe request failed: {}", ErrorMessages.describe(e));
      return new Reply(500, TEXT, "internal error\n");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
