package dev.vsid.operator.hostile.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends resources to the mock API as raw JSON, past any client-side model, and reads them back as
 * JSON trees: the typed client cannot hold what the corpus holds.
 */
public final class RawApi {
  private static final String GROUP_PATH = "apis/vsid.dev/v1alpha1/";

  /** The mock answers nothing when it fails on a request; a real API server would answer 500. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public RawApi(KubernetesClient client) {
    String url = client.getConfiguration().getMasterUrl();
    this.base = url.endsWith("/") ? url : url + "/";
  }

  /** Creates the row's resource; fails unless the API stored it. */
  public void create(CorpusRow row) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + collection(row.kind(), row.namespace())))
            .header("Content-Type", "application/json")
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(row.json()))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          row.file() + " was not stored: HTTP " + response.statusCode());
    }
  }

  /** The resources of a kind (in a namespace, or cluster-wide for null), as one list. */
  public JsonNode list(String kind, String namespace) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + collection(kind, namespace)))
            .timeout(TIMEOUT)
            .GET()
            .build();
    try {
      return Serialization.jsonMapper().readTree(send(request).body()).path("items");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String collection(String kind, String namespace) {
    String plural = "WorkloadIdentity".equals(kind) ? "workloadidentities" : "trustdomains";
    return GROUP_PATH + (namespace == null ? "" : "namespaces/" + namespace + "/") + plural;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
