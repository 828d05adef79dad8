package dev.vsid.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class TolerantDeserializerTest {
  private static WorkloadIdentity read(String spec) {
    String json =
        "{\"apiVersion\":\"vsid.dev/v1alpha1\",\"kind\":\"WorkloadIdentity\","
            + "\"metadata\":{\"name\":\"x\",\"namespace\":\"y\"},\"spec\":"
            + spec
            + "}";
    return Serialization.unmarshal(json, WorkloadIdentity.class);
  }

  @Test
  void aWellFormedSpecIsReadNormally() {
    WorkloadIdentity wi = read("{\"trustDomain\":\"td\",\"dnsNames\":[\"a\"],\"ttl\":\"1h\"}");
    assertThat(wi.getSpec().parseProblem()).isNull();
    assertThat(wi.getSpec().getTrustDomain()).isEqualTo("td");
    assertThat(wi.getSpec().getDnsNames()).containsExactly("a");
  }

  @Test
  void aFieldOfTheWrongTypeBecomesAParseProblemNamingTheField() {
    WorkloadIdentity wi = read("{\"trustDomain\":\"td\",\"ttl\":{\"hours\":24}}");
    assertThat(wi.getSpec().parseProblem())
        .isEqualTo("spec.ttl has the wrong type: expected a string");
    assertThat(wi.getSpec().getTrustDomain()).isNull();
  }

  @Test
  void aListGivenAsAScalarIsAParseProblem() {
    WorkloadIdentity wi = read("{\"dnsNames\":{\"a\":1}}");
    assertThat(wi.getSpec().parseProblem()).startsWith("spec.dnsNames");
  }

  @Test
  void aSpecThatIsNotAnObjectIsAParseProblem() {
    assertThat(read("\"just text\"").getSpec().parseProblem()).startsWith("spec");
    assertThat(read("[1,2]").getSpec().parseProblem()).startsWith("spec");
    assertThat(read("42").getSpec().parseProblem()).startsWith("spec");
  }

  @Test
  void aReadableSpecSerialisesBackUnchangedAndAnUnreadableOneAsEmpty() {
    WorkloadIdentity good = read("{\"trustDomain\":\"td\"}");
    assertThat(Serialization.asJson(good.getSpec()))
        .isEqualTo("{\"trustDomain\":\"td\"," + "\"dnsNames\":[]}");
    WorkloadIdentity bad = read("{\"ttl\":[]}");
    assertThat(Serialization.asJson(bad.getSpec())).doesNotContain("parseProblem");
  }
}
