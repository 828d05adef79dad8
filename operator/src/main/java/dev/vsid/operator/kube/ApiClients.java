package dev.vsid.operator.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Builds the operator's Kubernetes client. Its JSON reader accepts every object an API server can
 * store: one object the informers cannot read would stop the informer that lists it, and with it
 * every resource of that kind. An API server stores objects nested up to 10,000 levels deep (Go's
 * JSON limit), for example in a field its schema does not prune; lists and watch events wrap them
 * in a few levels more. Jackson's own default stops at 1,000.
 */
public final class ApiClients {
  /** Go's limit on JSON nesting, plus room for the list or watch event around an object. */
  static final int MAX_NESTING_DEPTH = 10_000 + 100;

  private ApiClients() {}

  /** A client builder for {@code config}, with the serialization described above. */
  public static KubernetesClientBuilder builder(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(serialization());
  }

  /** A client builder with the default configuration (kubeconfig or in-cluster). */
  public static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder().withKubernetesSerialization(serialization());
  }

  /** The fabric8 serialization, reading and writing objects nested as deep as an API server. */
  public static KubernetesSerialization serialization() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .streamWriteConstraints(
                StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    return new KubernetesSerialization(new ObjectMapper(factory), true);
  }
}
