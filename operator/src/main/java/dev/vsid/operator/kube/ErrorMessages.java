package dev.vsid.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Short descriptions of failures for logs and conditions. API errors are described by their HTTP
 * code and the server's reason only: a request body, which may hold key material, is never part of
 * the text.
 */
public final class ErrorMessages {
  private ErrorMessages() {}

  public static String describe(Throwable e) {
    if (e instanceof KubernetesClientException k) {
      String reason =
          k.getStatus() != null && k.getStatus().getReason() != null
              ? k.getStatus().getReason()
              : "no reason given";
      return k.getCode() == 0
          ? "the API server could not be reached (" + e.getClass().getSimpleName() + ")"
          : "the API server answered HTTP " + k.getCode() + " (" + reason + ")";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
