package dev.vsid.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TrustDomain's spec.policy, enforced by the running operator. */
class TrustDomainPolicyTest {
  private final OperatorHarness harness = new OperatorHarness();

  @BeforeEach
  void start() {
    namespace("shop", Map.of());
    namespace("edge", Map.of("shared", "yes"));
    namespace("other", Map.of("shared", "yes"));
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void byDefaultAnIdentityCannotClaimAnotherNamespacesIdOrAForeignDnsName() {
    trustDomain(policy -> {});
    harness.createIdentity("shop", "web", s -> {});
    harness.createIdentity("shop", "thief", s -> s.setSpiffeIdPath("/ns/payments/sa/api"));
    harness.createIdentity("shop", "phish", s -> s.setDnsNames(List.of("www.bank.example")));

    harness.awaitIdentityReady("shop", "web");
    WorkloadIdentity thief =
        harness.awaitIdentity("shop", "thief", Condition.FALSE, Reasons.SPIFFE_ID_NOT_ALLOWED);
    WorkloadIdentity phish =
        harness.awaitIdentity("shop", "phish", Condition.FALSE, Reasons.DNS_NAME_NOT_ALLOWED);

    assertThat(ready(thief).getMessage()).contains("/ns/payments/sa/api").contains("/ns/shop/**");
    assertThat(ready(phish).getMessage()).contains("www.bank.example").contains("*.shop.svc");
    assertThat(harness.secret("shop", "thief")).isNull();
    assertThat(harness.secret("shop", "phish")).isNull();
    awaitWarning("shop", Reasons.SPIFFE_ID_NOT_ALLOWED);
    awaitWarning("shop", Reasons.DNS_NAME_NOT_ALLOWED);
  }

  @Test
  void onlyNamespacesTheSelectorPicksGetIdentitiesAndALabelChangeIsSeenAtOnce() {
    trustDomain(
        policy ->
            policy.setNamespaceSelector(
                new LabelSelectorBuilder().addToMatchLabels("identities", "on").build()));
    harness.createIdentity("shop", "web", s -> {});

    harness.awaitIdentity("shop", "web", Condition.FALSE, Reasons.NAMESPACE_NOT_ALLOWED);
    assertThat(harness.secret("shop", "web")).isNull();

    harness.client().namespaces().withName("shop").edit(ns -> label(ns, "identities", "on"));
    harness.awaitIdentityReady("shop", "web");
  }

  @Test
  void anAdministratorCanGrantSharedPathsToLabelledNamespacesOnly(@TempDir Path dir)
      throws Exception {
    trustDomain(TrustDomainPolicyTest::sharedPathsForLabelledNamespaces);
    harness.createIdentity("edge", "gateway", s -> s.setSpiffeIdPath("/shared/gateway"));
    harness.createIdentity("shop", "gateway", s -> s.setSpiffeIdPath("/shared/shop-gateway"));

    harness.awaitIdentityReady("edge", "gateway");
    harness.awaitIdentity("shop", "gateway", Condition.FALSE, Reasons.SPIFFE_ID_NOT_ALLOWED);
    Path files = IndependentVerifiers.mount(harness.secret("edge", "gateway"), dir);
    IndependentVerifiers.assertOpensslAccepts(files, "spiffe://example.org/shared/gateway");
  }

  @Test
  void twoNamespacesAreNeverIssuedTheSameIdAndTheSecondGetsItWhenTheFirstLetsGo() {
    trustDomain(TrustDomainPolicyTest::sharedPathsForLabelledNamespaces);
    harness.createIdentity("edge", "db", s -> s.setSpiffeIdPath("/shared/db"));
    harness.awaitIdentityReady("edge", "db");
    harness.createIdentity("other", "db", s -> s.setSpiffeIdPath("/shared/db"));

    WorkloadIdentity loser =
        harness.awaitIdentity("other", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);
    assertThat(ready(loser).getMessage())
        .contains("spiffe://example.org/shared/db")
        .contains("namespace edge");
    assertThat(harness.secret("other", "db")).isNull();
    awaitWarning("other", Reasons.SPIFFE_ID_CONFLICT);

    harness.client().resource(harness.identity("edge", "db")).delete();
    // The cluster's garbage collector deletes the owned Secret; the mock API server has none.
    harness.client().secrets().inNamespace("edge").withName("db").delete();
    harness.awaitIdentityReady("other", "db");
  }

  @Test
  void whenTheHolderMovesToAnotherIdTheWaitingIdentityIsIssuedAtOnce() {
    trustDomain(TrustDomainPolicyTest::sharedPathsForLabelledNamespaces);
    harness.createIdentity("edge", "db", s -> s.setSpiffeIdPath("/shared/db"));
    harness.awaitIdentityReady("edge", "db");
    harness.createIdentity("other", "db", s -> s.setSpiffeIdPath("/shared/db"));
    harness.awaitIdentity("other", "db", Condition.FALSE, Reasons.SPIFFE_ID_CONFLICT);

    harness
        .client()
        .resource(harness.identity("edge", "db"))
        .edit(
            wi -> {
              wi.getSpec().setSpiffeIdPath("/shared/db-edge");
              return wi;
            });

    WorkloadIdentity waiting = harness.awaitIdentityReady("other", "db");
    assertThat(waiting.getStatus().getSpiffeId()).isEqualTo("spiffe://example.org/shared/db");
    assertThat(harness.awaitIdentityReady("edge", "db").getStatus().getSpiffeId())
        .isEqualTo("spiffe://example.org/shared/db-edge");
  }

  @Test
  void identitiesCreatedTogetherInTwoNamespacesEndWithOneHolder() {
    trustDomain(TrustDomainPolicyTest::sharedPathsForLabelledNamespaces);
    for (int round = 0; round < 5; round++) {
      String path = "/shared/race-" + round;
      harness.createIdentity("other", "race-" + round, s -> s.setSpiffeIdPath(path));
      harness.createIdentity("edge", "race-" + round, s -> s.setSpiffeIdPath(path));
    }
    for (int round = 0; round < 5; round++) {
      String name = "race-" + round;
      await()
          .atMost(OperatorHarness.WAIT)
          .until(
              () ->
                  decided(harness.identity("other", name))
                      && decided(harness.identity("edge", name)));
      List<Secret> issued =
          List.of("other", "edge").stream()
              .map(ns -> harness.secret(ns, name))
              .filter(s -> s != null)
              .toList();
      assertThat(issued).as("SVID Secrets for %s", name).hasSize(1);
    }
  }

  @Test
  void aLifetimeAboveMaxTtlIsRefusedWhetherAskedOrInheritedFromTheTrustDomain() {
    trustDomain(policy -> policy.setMaxTtl("24h"));
    harness.createIdentity("shop", "web", s -> s.setTtl("48h"));
    harness.createIdentity("shop", "api", s -> s.setTtl("24h"));

    WorkloadIdentity web =
        harness.awaitIdentity("shop", "web", Condition.FALSE, Reasons.TTL_NOT_ALLOWED);
    assertThat(ready(web).getMessage()).startsWith("spec.ttl").contains("48h").contains("24h");
    harness.awaitIdentityReady("shop", "api");

    TrustDomain td = harness.trustDomain("example");
    td.getSpec().getSvid().setTtl("72h");
    harness.client().resource(td).update();
    WorkloadIdentity cart = harness.createIdentity("shop", "cart", s -> {});
    cart = harness.awaitIdentity("shop", "cart", Condition.FALSE, Reasons.TTL_NOT_ALLOWED);
    assertThat(ready(cart).getMessage()).startsWith("the TrustDomain's spec.svid.ttl");
  }

  @Test
  void tighteningThePolicyStopsRenewalKeepsTheSvidAndSaysSoInTheStatus() {
    trustDomain(policy -> {});
    harness.createIdentity("shop", "web", s -> s.setDnsNames(List.of("web.shop.svc")));
    harness.awaitIdentityReady("shop", "web");
    Secret before = harness.secret("shop", "web");

    TrustDomain td = harness.trustDomain("example");
    td.getSpec().getPolicy().setDnsNames(List.of());
    harness.client().resource(td).update();

    WorkloadIdentity wi =
        harness.awaitIdentity("shop", "web", Condition.FALSE, Reasons.DNS_NAME_NOT_ALLOWED);
    assertThat(ready(wi).getMessage())
        .contains("is not renewed; it is valid until " + wi.getStatus().getNotAfter());
    harness.clock().advance(Duration.ofHours(20)); // past the renewal time of a 24h SVID
    harness.client().resource(harness.identity("shop", "web")).edit(w -> annotate(w));
    sleep(1500);
    assertThat(harness.secret("shop", "web").getMetadata().getResourceVersion())
        .as("the SVID in place is neither renewed nor removed")
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void anInvalidPolicyStopsIssuanceAndMakesTheTrustDomainSayWhatToFix() {
    trustDomain(policy -> policy.setSpiffeIdPaths(List.of(new PolicyRule("ns/{namespace}/**"))));

    TrustDomain td = harness.awaitTrustDomain("example", Condition.FALSE, Reasons.INVALID_POLICY);
    assertThat(ready(td.getStatus().getConditions()).getMessage())
        .contains("spec.policy.spiffeIdPaths[0].pattern")
        .contains("must start with '/'");
    harness.createIdentity("shop", "web", s -> {});
    WorkloadIdentity wi =
        harness.awaitIdentity("shop", "web", Condition.FALSE, Reasons.INVALID_POLICY);
    assertThat(ready(wi).getMessage()).contains("nothing is issued or renewed");
    assertThat(harness.secret("shop", "web")).isNull();
  }

  private void trustDomain(Consumer<IdentityPolicySpec> edit) {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setSvid(new dev.vsid.operator.api.v1alpha1.SvidDefaults());
          IdentityPolicySpec policy = new IdentityPolicySpec();
          edit.accept(policy);
          spec.setPolicy(policy);
        });
  }

  private static void sharedPathsForLabelledNamespaces(IdentityPolicySpec policy) {
    PolicyRule shared = new PolicyRule("/shared/*");
    shared.setNamespaceSelector(
        new LabelSelectorBuilder().addToMatchLabels("shared", "yes").build());
    policy.setSpiffeIdPaths(List.of(new PolicyRule(IdentityPolicy.DEFAULT_PATH), shared));
  }

  /** Creates the namespace, or sets its labels when the harness made it already. */
  private void namespace(String name, Map<String, String> labels) {
    var namespaces = harness.client().namespaces();
    if (namespaces.withName(name).get() == null) {
      namespaces
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(labels)
                  .endMetadata()
                  .build())
          .create();
    } else {
      namespaces
          .withName(name)
          .edit(
              ns -> {
                ns.getMetadata().setLabels(new java.util.HashMap<>(labels));
                return ns;
              });
    }
  }

  private static io.fabric8.kubernetes.api.model.Namespace label(
      io.fabric8.kubernetes.api.model.Namespace ns, String key, String value) {
    ns.getMetadata().getLabels().put(key, value);
    return ns;
  }

  private static WorkloadIdentity annotate(WorkloadIdentity wi) {
    wi.getMetadata().setAnnotations(Map.of("touched", "yes"));
    return wi;
  }

  private static boolean decided(WorkloadIdentity wi) {
    return wi != null
        && wi.getStatus() != null
        && Conditions.find(wi.getStatus().getConditions(), Condition.READY)
            .map(
                c ->
                    Condition.TRUE.equals(c.getStatus())
                        || Reasons.SPIFFE_ID_CONFLICT.equals(c.getReason()))
            .orElse(false);
  }

  private static Condition ready(WorkloadIdentity wi) {
    return ready(wi.getStatus().getConditions());
  }

  private static Condition ready(List<Condition> conditions) {
    return Conditions.find(conditions, Condition.READY).orElseThrow();
  }

  private void awaitWarning(String namespace, String reason) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                harness.client().v1().events().inNamespace(namespace).list().getItems().stream()
                    .anyMatch(e -> reason.equals(e.getReason()) && "Warning".equals(e.getType())));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
