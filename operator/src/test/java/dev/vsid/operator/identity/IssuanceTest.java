package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuanceTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", "True", "CaReady");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void anIdentityGetsAnSvidSecretThatOpensslAndJavaSpiffeAccept(@TempDir Path dir)
      throws Exception {
    harness.createIdentity("shop", "web", spec -> spec.setDnsNames(List.of("web.shop.svc")));

    WorkloadIdentity wi = harness.awaitIdentityReady("shop", "web");
    Secret secret = harness.secret("shop", "web");

    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "vsid-operator");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(wi.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(OperatorHarness.text(secret, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");

    String id = "spiffe://example.org/ns/shop/sa/web";
    assertThat(wi.getStatus().getSpiffeId()).isEqualTo(id);
    assertThat(wi.getStatus().getSerialNumber()).isNotBlank();
    assertThat(wi.getStatus().getRenewalTime()).isNotBlank();
    assertThat(wi.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> assertThat(c.getObservedGeneration()).isEqualTo(wi.getMetadata().getGeneration()));

    Thread.sleep(1000);
    assertThat(harness.cluster().writes(r -> r.contains("/workloadidentities/web/status")))
        .as("one status write for one issuance")
        .hasSize(1);
    assertThat(harness.cluster().writes(r -> r.contains("/namespaces/shop/secrets"))).hasSize(1);
    assertThat(harness.client().v1().events().inNamespace("shop").list().getItems())
        .extracting(e -> e.getReason())
        .containsExactly("SvidIssued");

    Path files = IndependentVerifiers.mount(secret, dir);
    IndependentVerifiers.assertOpensslAccepts(files, id);
    IndependentVerifiers.assertJavaSpiffeAccepts(files, "example.org", id);
  }
}
