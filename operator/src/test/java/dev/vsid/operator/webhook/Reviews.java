package dev.vsid.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.util.UUID;

/** AdmissionReview requests as the API server sends them, and readers of the answers. */
final class Reviews {
  static final ObjectMapper JSON = new ObjectMapper();

  private Reviews() {}

  /** A pod in {@code namespace} with one container and nothing else. */
  static PodBuilder pod(String namespace) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withGenerateName("app-")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .endContainer()
        .endSpec();
  }

  static String create(String uid, Pod pod) {
    return review(uid, "CREATE", "", pod);
  }

  static String review(String uid, String operation, String subResource, Pod pod) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    if (!subResource.isEmpty()) {
      request.put("subResource", subResource);
    }
    request.put("namespace", pod.getMetadata().getNamespace());
    request.put("operation", operation);
    request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset");
    request.set("object", JSON.valueToTree(pod));
    if (!"CREATE".equals(operation)) {
      request.set("oldObject", JSON.valueToTree(pod));
    }
    return review.toString();
  }

  static String uid() {
    return UUID.randomUUID().toString();
  }

  static JsonNode response(String body) {
    try {
      return JSON.readTree(body).path("response");
    } catch (IOException e) {
      throw new AssertionError("the answer is not JSON: " + body, e);
    }
  }
}
