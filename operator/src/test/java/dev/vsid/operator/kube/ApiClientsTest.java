package dev.vsid.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The operator's client reads every object an API server can store. Before, one identity with an
 * unknown field nested 1,001 levels deep stopped the WorkloadIdentity informer, and with it every
 * identity of the cluster.
 */
class ApiClientsTest {
  private static final int API_SERVER_DEPTH = 10_000;
  private final KubernetesSerialization serialization = ApiClients.serialization();

  @Test
  void aListHoldingAnIdentityNestedAsDeepAsAnApiServerAllowsIsRead() {
    String deep = "[".repeat(API_SERVER_DEPTH - 10) + "]".repeat(API_SERVER_DEPTH - 10);
    String list =
        "{\"apiVersion\":\"vsid.dev/v1alpha1\",\"kind\":\"WorkloadIdentityList\",\"items\":["
            + identity("deep-unknown", "{\"trustDomain\":\"example\",\"junk\":" + deep + "}")
            + ","
            + identity("deep-ttl", "{\"trustDomain\":\"example\",\"ttl\":" + deep + "}")
            + ","
            + identity("plain", "{\"trustDomain\":\"example\"}")
            + "]}";

    DefaultKubernetesResourceList<WorkloadIdentity> read =
        serialization.unmarshal(
            new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
            new TypeReference<DefaultKubernetesResourceList<WorkloadIdentity>>() {});

    assertThat(read.getItems()).hasSize(3);
    WorkloadIdentity unknown = read.getItems().get(0);
    assertThat(unknown.getSpec().parseProblem()).isNull();
    assertThat(unknown.getSpec().getTrustDomain()).isEqualTo("example");
    WorkloadIdentity ttl = read.getItems().get(1);
    assertThat(ttl.getSpec().parseProblem())
        .isEqualTo("spec.ttl has the wrong type: expected a string");
    assertThat((read.getItems().get(2)).getSpec().getTrustDomain()).isEqualTo("example");
  }

  @Test
  void aDeeplyNestedIdentityCanBeWrittenBackAsTheOperatorHoldsIt() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    WorkloadIdentity wi =
        serialization.unmarshal(
            identity("deep", "{\"trustDomain\":\"example\",\"junk\":" + deep + "}"),
            WorkloadIdentity.class);

    assertThat(serialization.asJson(serialization.clone(wi))).doesNotContain("junk");
  }

  private static String identity(String name, String spec) {
    return "{\"apiVersion\":\"vsid.dev/v1alpha1\",\"kind\":\"WorkloadIdentity\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\"shop\"},\"spec\":"
        + spec
        + "}";
  }
}
