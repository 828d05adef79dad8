package dev.vsid.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.webhook.AdmissionReviews.MalformedReviewException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path the webhook serves: POST of an AdmissionReview on {@value #PATH}. Other paths get
 * 404 and other methods 405; a body that is too large 413, one that is not an AdmissionReview 400
 * with a plain message. Every review answers HTTP 200, allowed or not.
 */
final class ReviewEndpoint {
  static final String PATH = "/validate-pods";
  private static final Logger log = LoggerFactory.getLogger(ReviewEndpoint.class);

  private final AdmissionReviews reviews;

  ReviewEndpoint(AdmissionReviews reviews) {
    this.reviews = reviews;
  }

  void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      log.warn("Answering an admission review failed: {}", ErrorMessages.describe(e));
      plain(exchange, 500, "the review could not be answered");
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    if (!PATH.equals(exchange.getRequestURI().getPath())) {
      plain(exchange, 404, "not found; admission reviews go to " + PATH);
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      plain(exchange, 405, "only POST is allowed");
      return;
    }
    if (declaredLength(exchange) > RequestLimits.MAX_BODY_BYTES) {
      plain(exchange, 413, "the body is larger than " + RequestLimits.MAX_BODY_BYTES + " bytes");
      return;
    }
    byte[] body = RequestLimits.readBody(exchange.getRequestBody());
    if (body == null) {
      plain(exchange, 413, "the body is larger than " + RequestLimits.MAX_BODY_BYTES + " bytes");
      return;
    }
    review(exchange, body);
  }

  private void review(HttpExchange exchange, byte[] body) throws IOException {
    byte[] answer;
    try {
      answer = reviews.answer(body);
    } catch (MalformedReviewException e) {
      log.debug("Refused a malformed admission review: {}", e.getMessage());
      plain(exchange, 400, e.getMessage());
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    send(exchange, 200, answer);
  }

  private static long declaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void plain(HttpExchange exchange, int code, String message) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, code, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
