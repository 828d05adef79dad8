package dev.vsid.operator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.webhook.PodBindingPolicy.Verdict;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an {@code admission.k8s.io/v1} AdmissionReview and writes the one that answers it. Pod
 * creations, and ephemeral containers added to a pod, are reviewed by the {@link PodBindingPolicy};
 * every other request is allowed.
 */
final class AdmissionReviews {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final PodBindingPolicy policy;

  /** A request that is not a readable AdmissionReview; the message names what is wrong. */
  static final class MalformedReviewException extends Exception {
    MalformedReviewException(String message) {
      super(message, null, false, false);
    }
  }

  AdmissionReviews(PodBindingPolicy policy) {
    this.policy = policy;
  }

  /** The AdmissionReview JSON answering {@code body}. */
  byte[] answer(byte[] body) throws MalformedReviewException {
    JsonNode request = request(parse(body));
    String uid = request.path("uid").asText("");
    Verdict verdict =
        reviewsPod(request) ? policy.review(namespace(request), pod(request)) : Verdict.allow();
    return response(uid, verdict);
  }

  private static JsonNode parse(byte[] body) throws MalformedReviewException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedReviewException("the body is not valid JSON");
    }
  }

  private static JsonNode request(JsonNode review) throws MalformedReviewException {
    if (review == null
        || !review.isObject()
        || !API_VERSION.equals(review.path("apiVersion").asText())
        || !KIND.equals(review.path("kind").asText())) {
      throw new MalformedReviewException("expected an " + API_VERSION + " " + KIND);
    }
    JsonNode request = review.path("request");
    if (!request.isObject()
        || !request.path("uid").isTextual()
        || request.path("uid").asText().isEmpty()) {
      throw new MalformedReviewException("the AdmissionReview has no request with a uid");
    }
    return request;
  }

  /** Pod creations, and updates of a pod's ephemeral containers (which may name Secrets). */
  private static boolean reviewsPod(JsonNode request) {
    JsonNode resource = request.path("resource");
    boolean pods =
        "".equals(resource.path("group").asText(""))
            && "pods".equals(resource.path("resource").asText());
    String operation = request.path("operation").asText();
    String subResource = request.path("subResource").asText("");
    return pods
        && (("CREATE".equals(operation) && subResource.isEmpty())
            || ("UPDATE".equals(operation) && "ephemeralcontainers".equals(subResource)));
  }

  private static String namespace(JsonNode request) throws MalformedReviewException {
    String namespace = request.path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw new MalformedReviewException("the request names no namespace");
    }
    return namespace;
  }

  private static Pod pod(JsonNode request) throws MalformedReviewException {
    JsonNode object = request.path("object");
    if (!object.isObject()) {
      throw new MalformedReviewException("the request holds no pod in request.object");
    }
    try {
      return JSON.treeToValue(object, Pod.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedReviewException("request.object is not a readable Pod");
    }
  }

  private static byte[] response(String uid, Verdict verdict) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", API_VERSION);
    review.put("kind", KIND);
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", verdict.allowed());
    if (!verdict.allowed()) {
      ObjectNode status = response.putObject("status");
      status.put("code", verdict.code());
      status.put("reason", verdict.code() == 403 ? "Forbidden" : "ServiceUnavailable");
      status.put("message", verdict.message());
    }
    try {
      return JSON.writeValueAsString(review).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an AdmissionReview", e);
    }
  }
}
