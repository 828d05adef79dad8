package dev.vsid.operator.federation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.text.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one listener's requests: GET or HEAD of the bundle path gives the current bundle as
 * SPIFFE bundle JSON; another method gives 405, another path 404. Responses carry {@code
 * Cache-Control: no-store}: no cache between the endpoint and a client may hold on to a bundle;
 * clients learn when to come back from the bundle's refresh hint.
 */
final class BundleHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(BundleHandler.class);

  private final ServedTrustDomain served;
  private final String path;

  BundleHandler(ServedTrustDomain served, String path) {
    this.served = served;
    this.path = path;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      String method = exchange.getRequestMethod();
      if (!path.equals(exchange.getRequestURI().getRawPath())) {
        plain(exchange, 404, "not found");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        plain(exchange, 405, "method not allowed");
      } else {
        serveBundle(exchange, method.equals("HEAD"));
      }
    }
  }

  private void serveBundle(HttpExchange exchange, boolean head) throws IOException {
    String json = currentBundleJson();
    if (json == null) {
      plain(exchange, 503, "bundle not available");
      return;
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (head) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The bundle as JSON, or null (logged) when the callback has none or gives a wrong one. */
  private String currentBundleJson() {
    TrustBundle bundle;
    try {
      bundle = served.bundle().get();
    } catch (RuntimeException e) {
      log.warn(
          "bundle endpoint of {}: the bundle callback failed: {}",
          served.trustDomain(),
          Text.cut(e.toString()));
      return null;
    }
    if (bundle == null) {
      log.warn("bundle endpoint of {}: no bundle to serve yet", served.trustDomain());
      return null;
    }
    if (!bundle.trustDomain().equals(served.trustDomain())) {
      log.error(
          "bundle endpoint of {}: the bundle callback gave the bundle of {}; not served",
          served.trustDomain(),
          bundle.trustDomain());
      return null;
    }
    return SpiffeBundleJson.write(bundle);
  }

  private static void plain(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
