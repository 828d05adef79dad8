package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.testing.OperatorHarness;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdleAndRestartTest {
  private static final List<String> NAMES =
      IntStream.range(0, 5).mapToObj(i -> "app-" + i).toList();

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
    NAMES.forEach(name -> harness.createIdentity("shop", name, spec -> {}));
    NAMES.forEach(name -> harness.awaitIdentityReady("shop", name));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private Map<String, String> versions() {
    Map<String, String> versions =
        NAMES.stream()
            .collect(
                Collectors.toMap(
                    name -> "secret/" + name,
                    name -> harness.secret("shop", name).getMetadata().getResourceVersion()));
    NAMES.forEach(
        name ->
            versions.put(
                "identity/" + name,
                harness.identity("shop", name).getMetadata().getResourceVersion()));
    versions.put(
        "ca",
        harness
            .secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example")
            .getMetadata()
            .getResourceVersion());
    versions.put("trustdomain", harness.trustDomain("example").getMetadata().getResourceVersion());
    return versions;
  }

  private Map<String, String> serials() {
    return NAMES.stream()
        .collect(
            Collectors.toMap(
                Function.identity(),
                name -> harness.identity("shop", name).getStatus().getSerialNumber()));
  }

  @Test
  void anIdleOperatorRechecksEveryIdentityAndWritesNothing() throws Exception {
    Thread.sleep(1000);
    Map<String, String> before = versions();
    int writesBefore = harness.cluster().writes(r -> true).size();

    Thread.sleep(2000);

    assertThat(harness.cluster().writes(r -> true)).hasSize(writesBefore);
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  void aRestartedOperatorReusesItsCaAndReissuesNothing() throws Exception {
    Thread.sleep(500);
    Map<String, String> before = versions();
    Map<String, String> serialsBefore = serials();
    harness.stopOperator();
    int writesBefore = harness.cluster().writes(r -> true).size();

    harness.startOperator();
    Thread.sleep(2500);

    assertThat(
            harness
                .cluster()
                .writes(r -> true)
                .subList(writesBefore, harness.cluster().writes(r -> true).size()))
        .isEmpty();
    assertThat(versions()).isEqualTo(before);
    assertThat(serials()).isEqualTo(serialsBefore);
  }
}
