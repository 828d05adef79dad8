package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.testing.OperatorHarness;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An operator limited to some namespaces publishes bundles only there. */
class WatchedNamespacesBundleTest {
  private final OperatorHarness harness =
      new OperatorHarness(settings -> settings.withWatchedNamespaces(Set.of("shop")));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void bundlesGoOnlyToTheServedNamespaces() throws Exception {
    harness.createTrustDomain("example", "example.org");

    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus() != null
                  && td.getStatus().getBundle() != null
                  && Integer.valueOf(1).equals(td.getStatus().getBundle().getNamespacesInSync());
            });
    Thread.sleep(500);
    assertThat(harness.trustDomain("example").getStatus().getBundle().getNamespacesSelected())
        .isEqualTo(1);
    assertThat(configMap("shop")).isNotNull();
    assertThat(configMap("payments")).isNull();
    assertThat(configMap(OperatorHarness.OPERATOR_NAMESPACE)).isNull();
    assertThat(harness.cluster().requests())
        .filteredOn(r -> r.startsWith("GET ") && r.contains("/configmaps?"))
        .as("the operator lists ConfigMaps of served namespaces only")
        .isNotEmpty()
        .allMatch(r -> r.contains("/namespaces/shop/"), "in namespace shop");
  }

  private Object configMap(String namespace) {
    return harness
        .client()
        .configMaps()
        .inNamespace(namespace)
        .withName(BundleDistributionTest.NAME)
        .get();
  }
}
