package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.testing.OperatorHarness;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchedNamespacesTest {
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void anOperatorLimitedToSomeNamespacesServesOnlyTheirIdentities() throws Exception {
    harness = new OperatorHarness(settings -> settings.withWatchedNamespaces(Set.of("shop")));
    harness.createTrustDomain("example", "example.org");

    harness.createIdentity("shop", "web", spec -> {});
    harness.createIdentity("payments", "api", spec -> {});

    harness.awaitIdentityReady("shop", "web");
    Thread.sleep(1000);
    assertThat(harness.identity("payments", "api").getStatus()).isNull();
    assertThat(harness.secret("payments", "api")).isNull();
  }
}
