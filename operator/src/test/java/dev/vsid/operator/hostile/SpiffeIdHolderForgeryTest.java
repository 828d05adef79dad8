package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.api.v1alpha1.SvidDefaults;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentityStatus;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.policy.IdentityPolicy;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant of namespace "other" wants the SPIFFE ID {@code /shared/db} that namespace "edge" holds
 * (the administrator granted {@code /shared/*} to both). Its identity was created before edge's,
 * for another path, and is edited to claim the shared one: it is refused while the operator
 * remembers edge as the holder. The tenant then writes its identity's status (Ready=True, the
 * contested spiffeId), which a real cluster lets anyone with update on the status subresource do,
 * and waits for the operator to restart or for another replica to take over.
 */
class SpiffeIdHolderForgeryTest {
  private static final String SHARED = "spiffe://example.org/shared/db";

  private final OperatorHarness harness = new OperatorHarness();

  @BeforeEach
  void setUp() {
    for (String ns : List.of("edge", "other")) {
      harness
          .client()
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .withLabels(Map.of("shared", "yes"))
                  .endMetadata()
                  .build())
          .create();
    }
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setSvid(new SvidDefaults());
          IdentityPolicySpec policy = new IdentityPolicySpec();
          PolicyRule shared = new PolicyRule("/shared/*");
          shared.setNamespaceSelector(
              new LabelSelectorBuilder().addToMatchLabels("shared", "yes").build());
          policy.setSpiffeIdPaths(List.of(new PolicyRule(IdentityPolicy.DEFAULT_PATH), shared));
          spec.setPolicy(policy);
        });
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aForgedStatusDoesNotMakeAnEarlierIdentityTheHolderAfterARestart() throws Exception {
    harness.createIdentity("other", "db", s -> s.setSpiffeIdPath("/ns/other/db"));
    harness.awaitIdentityReady("other", "db");
    Thread.sleep(1100); // creation timestamps have a resolution of one second
    harness.createIdentity("edge", "db", s -> s.setSpiffeIdPath("/shared/db"));
    harness.awaitIdentityReady("edge", "db");
    Secret held = harness.secret("edge", "db");

    harness
        .client()
        .resource(harness.identity("other", "db"))
        .edit(
            wi -> {
              wi.getSpec().setSpiffeIdPath("/shared/db");
              return wi;
            });
    harness.awaitIdentity("other", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);

    harness.stopOperator();
    forgeIssuedStatus("other", "db");
    harness.startOperator();

    harness.awaitIdentityReady("edge", "db");
    harness.awaitIdentity("other", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);
    Thread.sleep(1500);
    assertThat(spiffeIdIn(harness.secret("other", "db")))
        .as("the forger's Secret must not hold the contested ID")
        .isNotEqualTo(SHARED);
    assertThat(harness.identity("edge", "db").getStatus().getSpiffeId()).isEqualTo(SHARED);
    Secret after = harness.secret("edge", "db");
    assertThat(after.getMetadata().getResourceVersion())
        .as("the holder's SVID Secret is untouched")
        .isEqualTo(held.getMetadata().getResourceVersion());
  }

  /**
   * The tenant of "other" held the ID first, kept a copy of its Secret, let the ID go (edge got
   * it), then puts the copy back, claims the ID again and forges its status. The copy is a real
   * SVID the CA signed, with its key, still valid: it must not outrank the SVID issued to edge
   * since.
   */
  @Test
  void aKeptCopyOfAnEarlierSvidDoesNotWinTheIdBackAfterARestart() throws Exception {
    harness.createIdentity("other", "db", s -> s.setSpiffeIdPath("/shared/db"));
    harness.awaitIdentityReady("other", "db");
    Map<String, String> copy = Map.copyOf(harness.secret("other", "db").getData());
    Thread.sleep(1100);
    harness.createIdentity("edge", "db", s -> s.setSpiffeIdPath("/shared/db"));
    harness.awaitIdentity("edge", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);
    Thread.sleep(1100); // certificate times have a resolution of one second
    editPath("other", "db", "/ns/other/db");
    harness.awaitIdentityReady("edge", "db");
    Secret held = harness.secret("edge", "db");

    editPath("other", "db", "/shared/db");
    harness.awaitIdentity("other", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);
    harness.stopOperator();
    harness
        .client()
        .secrets()
        .inNamespace("other")
        .withName("db")
        .edit(
            secret -> {
              secret.setData(new java.util.HashMap<>(copy));
              return secret;
            });
    forgeIssuedStatus("other", "db");
    harness.startOperator();

    harness.awaitIdentityReady("edge", "db");
    harness.awaitIdentity("other", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);
    Thread.sleep(1500);
    assertThat(harness.identity("edge", "db").getStatus().getSpiffeId()).isEqualTo(SHARED);
    assertThat(harness.secret("edge", "db").getMetadata().getResourceVersion())
        .as("the holder's SVID Secret is untouched")
        .isEqualTo(held.getMetadata().getResourceVersion());
  }

  private void editPath(String namespace, String name, String path) {
    harness
        .client()
        .resource(harness.identity(namespace, name))
        .edit(
            wi -> {
              wi.getSpec().setSpiffeIdPath(path);
              return wi;
            });
  }

  /** What the tenant writes through the status subresource. */
  private void forgeIssuedStatus(String namespace, String name) {
    WorkloadIdentity wi = harness.identity(namespace, name);
    WorkloadIdentityStatus forged = new WorkloadIdentityStatus();
    forged.setSpiffeId(SHARED);
    forged.setSecretName(name);
    forged.setConditions(
        new ArrayList<>(
            Conditions.with(
                List.of(),
                Conditions.ready(true, Reasons.ISSUED, "forged", wi.getMetadata().getGeneration()),
                Clock.systemUTC())));
    wi.setStatus(forged);
    harness.client().resource(wi).updateStatus();
    assertThat(harness.identity(namespace, name).getStatus().getSpiffeId()).isEqualTo(SHARED);
  }

  private static String spiffeIdIn(Secret secret) {
    if (secret == null || secret.getMetadata().getAnnotations() == null) {
      return null;
    }
    return secret.getMetadata().getAnnotations().get(Labels.SPIFFE_ID_ANNOTATION);
  }
}
