package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.text.Text;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one listener's requests: GET or HEAD of the bundle path gives the current bundle as
 * SPIFFE bundle JSON; another method gives 405, another path 404. Responses carry {@code
 * Cache-Control: no-store}: no cache between the endpoint and a client may hold on to a bundle;
 * clients learn when to come back from the bundle's refresh hint. Every response ends the
 * connection ({@code Connection: close}).
 */
final class BundleHandler {
  private static final Logger log = LoggerFactory.getLogger(BundleHandler.class);

  private final ServedTrustDomain served;
  private final String path;

  BundleHandler(ServedTrustDomain served, String path) {
    this.served = served;
    this.path = path;
  }

  /** The whole response to {@code request}, status line to body, ready to write. */
  byte[] answer(RequestHead request) {
    boolean head = request.method().equals("HEAD");
    if (!path.equals(request.path())) {
      return plain(404, "not found", head, "");
    }
    if (!head && !request.method().equals("GET")) {
      return plain(405, "method not allowed", false, "Allow: GET, HEAD\r\n");
    }
    String json = currentBundleJson();
    if (json == null) {
      return plain(503, "bundle not available", head, "");
    }
    return response(200, "application/json", json.getBytes(StandardCharsets.UTF_8), head, "");
  }

  /** The response to a request refused before it was read whole. */
  static byte[] refusal(int status) {
    return plain(status, reason(status).toLowerCase(java.util.Locale.ROOT), false, "");
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

  private static byte[] plain(int status, String text, boolean head, String extraHeaders) {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    return response(status, "text/plain; charset=utf-8", body, head, extraHeaders);
  }

  private static byte[] response(
      int status, String type, byte[] body, boolean head, String extraHeaders) {
    String headers =
        "HTTP/1.1 "
            + status
            + " "
            + reason(status)
            + "\r\nCache-Control: no-store\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + body.length
            + "\r\n"
            + extraHeaders
            + "Connection: close\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream(headers.length() + body.length);
    out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
