package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BadInputTest {
  private static final ResourceDefinitionContext IDENTITIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("vsid.dev")
          .withVersion("v1alpha1")
          .withKind("WorkloadIdentity")
          .withPlural("workloadidentities")
          .withNamespaced(true)
          .build();

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  static Stream<Arguments> malformedSpecs() {
    return Stream.of(
        bad("InvalidSpiffeId", "spiffeIdPath", s -> s.setSpiffeIdPath("/ns/{namespace}/../x")),
        bad("InvalidSpiffeId", "{owner}", s -> s.setSpiffeIdPath("/team/{owner}")),
        bad("InvalidSpiffeId", "'{' with no '}'", s -> s.setSpiffeIdPath("/ns/{namespace")),
        bad("InvalidSpiffeId", "ends with '/'", s -> s.setSpiffeIdPath("/ns/{namespace}/")),
        bad(
            "SpiffeIdNotAllowed",
            "allowed here: \"/ns/shop/**\"",
            s -> s.setSpiffeIdPath("/ns/payments/sa/payments-api")),
        bad(
            "SpiffeIdNotAllowed",
            "allowed here: \"/ns/shop/**\"",
            s -> s.setSpiffeIdPath("/ns/shopping/sa/x")),
        bad("SpiffeIdNotAllowed", "may not claim", s -> s.setSpiffeIdPath("/{trustDomain}/{name}")),
        bad("InvalidTtl", "24h", s -> s.setTtl("forever")),
        bad("InvalidTtl", "\\x0aERROR", s -> s.setTtl("1h\nERROR forged log line")),
        bad("InvalidTtl", "minimum", s -> s.setTtl("1m")),
        bad("UnsupportedKeyType", "ECP256", s -> s.setKeyType("DSA1024")),
        bad("InvalidDnsName", "Not_A_Host", s -> s.setDnsNames(List.of("Not_A_Host"))),
        bad("InvalidSecretName", "Bad_Name", s -> s.setSecretName("Bad_Name")),
        bad("InvalidServiceAccountName", "serviceAccountName", s -> s.setServiceAccountName(null)),
        bad("TrustDomainNotFound", "kubectl get trustdomains", s -> s.setTrustDomain("nope")));
  }

  private static Arguments bad(
      String reason, String messagePart, Consumer<WorkloadIdentitySpec> edit) {
    return Arguments.of(reason, messagePart, edit);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformedSpecs")
  void malformedIdentitiesGetAClearConditionAnEventAndNoSecret(
      String reason, String messagePart, Consumer<WorkloadIdentitySpec> edit) throws Exception {
    harness.createIdentity("shop", "bad", edit);

    WorkloadIdentity wi = harness.awaitIdentity("shop", "bad", Condition.FALSE, reason);

    assertThat(wi.getStatus().getConditions().get(0).getMessage()).contains(messagePart);
    assertThat(harness.secret("shop", "bad")).isNull();
    assertNoRetryStorm(reason);
  }

  /** After the condition is set, nothing more is written, however long the wait. */
  private void assertNoRetryStorm(String reason) throws InterruptedException {
    int writes = harness.cluster().writes(r -> r.contains("/bad")).size();
    Thread.sleep(1500);
    assertThat(harness.cluster().writes(r -> r.contains("/bad"))).hasSize(writes);
    assertThat(harness.client().v1().events().inNamespace("shop").list().getItems())
        .filteredOn(e -> "bad".equals(e.getInvolvedObject().getName()))
        .filteredOn(e -> reason.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void fieldsOfTheWrongJsonTypeAreReportedAndDoNotStopTheOperator() {
    createRaw(
        "wrong-types",
        Map.of(
            "trustDomain",
            "example",
            "serviceAccountName",
            "x",
            "ttl",
            Map.of("hours", 24),
            "dnsNames",
            "not-a-list"));
    createRaw("spec-is-a-string", "just text");

    WorkloadIdentity wrongTypes =
        harness.awaitIdentity("shop", "wrong-types", Condition.FALSE, "InvalidSpec");
    assertThat(wrongTypes.getStatus().getConditions().get(0).getMessage())
        .contains("spec.")
        .contains("wrong type");
    harness.awaitIdentity("shop", "spec-is-a-string", Condition.FALSE, "InvalidSpec");

    harness.createIdentity("shop", "good", spec -> {});
    harness.awaitIdentityReady("shop", "good");
    GenericKubernetesResource stored =
        harness
            .client()
            .genericKubernetesResources(IDENTITIES)
            .inNamespace("shop")
            .withName("wrong-types")
            .get();
    assertThat(stored.getAdditionalProperties().get("spec").toString()).contains("hours");
  }

  private void createRaw(String name, Object spec) {
    GenericKubernetesResource raw = new GenericKubernetesResource();
    raw.setApiVersion("vsid.dev/v1alpha1");
    raw.setKind("WorkloadIdentity");
    raw.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace("shop")
            .withName(name)
            .build());
    raw.setAdditionalProperty("spec", spec);
    harness
        .client()
        .genericKubernetesResources(IDENTITIES)
        .inNamespace("shop")
        .resource(raw)
        .create();
  }

  @Test
  void aSpecTurningBadKeepsTheSvidAlreadyIssued() throws Exception {
    harness.createIdentity("shop", "web", spec -> {});
    WorkloadIdentity good = harness.awaitIdentityReady("shop", "web");
    String secretVersion = harness.secret("shop", "web").getMetadata().getResourceVersion();

    good.getSpec().setTtl("soon");
    harness.client().resource(good).update();

    WorkloadIdentity bad = harness.awaitIdentity("shop", "web", Condition.FALSE, "InvalidTtl");
    assertThat(bad.getStatus().getSerialNumber()).isEqualTo(good.getStatus().getSerialNumber());
    assertThat(bad.getStatus().getNotAfter()).isEqualTo(good.getStatus().getNotAfter());
    Thread.sleep(1000);
    assertThat(harness.secret("shop", "web").getMetadata().getResourceVersion())
        .isEqualTo(secretVersion);
  }

  @Test
  void aSecretTheOperatorDoesNotOwnIsNeverOverwritten() {
    harness
        .client()
        .secrets()
        .inNamespace("shop")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db-password")
                .withNamespace("shop")
                .endMetadata()
                .withStringData(Map.of("password", "hunter2"))
                .build())
        .create();
    String version = harness.secret("shop", "db-password").getMetadata().getResourceVersion();

    harness.createIdentity("shop", "db", spec -> spec.setSecretName("db-password"));

    harness.awaitIdentity("shop", "db", Condition.FALSE, "SecretConflict");
    assertThat(harness.secret("shop", "db-password").getMetadata().getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void twoIdentitiesCannotShareOneSecret() {
    harness.createIdentity("shop", "first", spec -> spec.setSecretName("shared"));
    harness.awaitIdentityReady("shop", "first");

    harness.createIdentity("shop", "second", spec -> spec.setSecretName("shared"));

    harness.awaitIdentity("shop", "second", Condition.FALSE, "SecretConflict");
    assertThat(harness.identity("shop", "first").getStatus().getConditions().get(0).getStatus())
        .isEqualTo("True");
  }

  @Test
  void anIdentityWaitingForAMissingTrustDomainIsIssuedOnceItAppears() {
    harness.createIdentity("shop", "later", spec -> spec.setTrustDomain("later"));
    harness.awaitIdentity("shop", "later", Condition.FALSE, "TrustDomainNotFound");

    harness.createTrustDomain("later", "later.example");

    WorkloadIdentity wi = harness.awaitIdentityReady("shop", "later");
    assertThat(wi.getStatus().getSpiffeId()).isEqualTo("spiffe://later.example/ns/shop/sa/later");
  }
}
