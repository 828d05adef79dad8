package dev.vsid.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.testing.MockCluster;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The RBAC manifest of the chart against what the operator really asks of the API server: every
 * request of a whole operator life (see {@link OperatorLife}) must be allowed by it, every rule in
 * it must be used, and the CA never crosses the operator namespace's boundary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacCoverageTest {
  static final Path MANIFEST = Path.of("..", "charts", "vsid-operator", "templates", "rbac.yaml");
  private static final String NS = OperatorLife.NS;

  /**
   * What every authenticated account may do without the manifest (the bootstrap ClusterRole
   * system:basic-user): leader election asks for its own rules at start-up.
   */
  private static final List<PolicyRule> EVERY_ACCOUNT =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("authorization.k8s.io")
              .withResources("selfsubjectrulesreviews", "selfsubjectaccessreviews")
              .withVerbs("create")
              .build());

  /**
   * Grants of the manifest the life cannot use, as "role rule n: verb group/resource", with the
   * reason.
   */
  private static final Map<String, String> NOT_EXERCISED =
      Map.of(
          "Role vsid-operator rule 2: update coordination.k8s.io/leases",
          "the Lease is written with patch; the SDK's start-up check demands update all the same");

  private OperatorHarness harness;
  private RbacPolicy policy;
  private List<ApiRequest> requests;
  private Set<String> svidSecrets;

  @BeforeAll
  void runTheOperatorThroughAWholeLife() throws Exception {
    policy = RbacPolicy.load(MANIFEST, NS, "vsid-operator");
    harness =
        new OperatorHarness(
            settings ->
                settings.withWebhook(
                    WebhookSettings.disabled()
                        .withEnabled(true)
                        .withListener("127.0.0.1", 0)
                        .withCheckInterval(Duration.ofMillis(200))));
    OperatorLife life = new OperatorLife(harness, policy);
    life.run();
    svidSecrets = life.svidSecrets();
    requests = operatorRequests(harness.cluster());
    System.out.println("RBAC coverage: " + requests.size() + " requests by the operator");
    summary().forEach((k, v) -> System.out.println("  " + v + "\t" + k));
  }

  @AfterAll
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void everyRequestTheOperatorMadeIsAllowedByTheManifest() {
    RbacPolicy defaults = defaultsOnly();
    List<String> denied =
        requests.stream()
            .filter(r -> !policy.allows(r) && !defaults.allows(r))
            .map(ApiRequest::toString)
            .distinct()
            .toList();

    assertThat(denied).as("requests the manifest does not allow").isEmpty();
    assertThat(requests).as("requests recorded").hasSizeGreaterThan(100);
  }

  @Test
  void everyVerbOfEveryRuleIsUsedOrSaysWhyNot() {
    List<String> unused = new ArrayList<>();
    for (RbacPolicy.Grant grant : policy.grants()) {
      for (String key : keys(grant)) {
        if (!used(grant, key) && !NOT_EXERCISED.containsKey(key)) {
          unused.add(key);
        }
      }
    }
    assertThat(unused).as("grants no request used").isEmpty();
    assertThat(NOT_EXERCISED.keySet())
        .as("exemptions that name no grant of the manifest")
        .allMatch(key -> policy.grants().stream().anyMatch(g -> keys(g).contains(key)));
  }

  @Test
  void leaderElectionStartsWithTheManifestsLeaseRulesAndUsesOnlyItsOwnLease() {
    List<ApiRequest> leases = byResource("coordination.k8s.io", "leases");
    assertThat(leases).extracting(ApiRequest::namespace).containsOnly(NS);
    assertThat(leases)
        .filteredOn(r -> !r.verb().equals("create"))
        .extracting(ApiRequest::name)
        .containsOnly("vsid-operator");
    assertThat(leases)
        .as("the Lease is renewed with patch, never with update")
        .extracting(ApiRequest::verb)
        .contains("get", "create", "patch")
        .doesNotContain("update");
    assertThat(requests)
        .as("the start-up check, answered with the manifest's rules")
        .anyMatch(r -> "selfsubjectrulesreviews".equals(r.resource()));
  }

  /**
   * In its own namespace the operator lists Secrets with the CA selector, and also without any
   * selector: the Secrets a TrustDomain names in spec.ca.secretName carry no label of ours.
   */
  @Test
  void inItsOwnNamespaceTheOperatorListsCaSecretsAndEverySecretForProvidedCas() {
    assertThat(byResource("", "secrets"))
        .filteredOn(r -> r.namespace().equals(NS))
        .filteredOn(r -> r.verb().equals("list") || r.verb().equals("watch"))
        .extracting(r -> selector(r))
        .containsOnly(selector(Labels.CA_SELECTOR), Set.of());
  }

  @Test
  void caSecretsAndProvidedCasAreNeverTouchedOutsideTheOperatorNamespace() {
    List<ApiRequest> outside =
        byResource("", "secrets").stream().filter(r -> !r.namespace().equals(NS)).toList();

    assertThat(outside).isNotEmpty();
    assertThat(outside)
        .as("Secret requests outside %s naming a CA", NS)
        .noneMatch(r -> r.name() != null && r.name().startsWith("vsid-ca-"))
        .noneMatch(r -> OperatorLife.PROVIDED_CA.equals(r.name()))
        .noneMatch(r -> r.name() != null && r.name().startsWith("vsid-webhook-"));
    assertThat(byResource("", "secrets"))
        .filteredOn(r -> r.name() != null && r.name().startsWith("vsid-ca-"))
        .isNotEmpty()
        .allMatch(r -> r.namespace().equals(NS));
  }

  @Test
  void tenantSecretsAreOnlyListedWithTheSvidSelectorOrWrittenByNameAsSvids() {
    List<ApiRequest> tenant =
        byResource("", "secrets").stream().filter(r -> !r.namespace().equals(NS)).toList();

    assertThat(tenant)
        .filteredOn(r -> r.verb().equals("list") || r.verb().equals("watch"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(selector(r)).as(r.line()).isEqualTo(selector(svidSelector())));
    assertThat(tenant)
        .filteredOn(r -> !r.verb().equals("list") && !r.verb().equals("watch"))
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r.namespace() + "/" + r.name())
                    .as(r.line())
                    .isIn(svidSecrets.toArray()));
  }

  @Test
  void configMapsAreOnlyListedWithTheBundleSelectorAndWrittenByBundleName() {
    List<ApiRequest> configMaps = byResource("", "configmaps");

    assertThat(configMaps)
        .filteredOn(r -> r.verb().equals("list") || r.verb().equals("watch"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(selector(r)).as(r.line()).isEqualTo(selector(Labels.BUNDLE_SELECTOR)));
    assertThat(configMaps)
        .filteredOn(r -> !r.verb().equals("list") && !r.verb().equals("watch"))
        .isNotEmpty()
        .extracting(ApiRequest::name)
        .containsOnly("vsid-bundle-example", "vsid-bundle-corp");
  }

  // --- helpers

  /** The requests of every operator process of the life, with created objects' names. */
  private static List<ApiRequest> operatorRequests(MockCluster cluster) {
    KubernetesSerialization json = new KubernetesSerialization();
    return cluster.seenBy(agent -> agent.startsWith("vsid-operator-")).stream()
        .map(
            seen -> {
              ApiRequest request = ApiRequest.parse(seen.line());
              if (request.verb().equals("create") && seen.body() != null) {
                HasMetadata created = json.unmarshal(seen.body());
                if (created.getMetadata() != null) {
                  return request.withName(created.getMetadata().getName());
                }
              }
              return request;
            })
        .toList();
  }

  private List<ApiRequest> byResource(String group, String resource) {
    return requests.stream()
        .filter(r -> group.equals(r.group()) && resource.equals(r.resource()))
        .toList();
  }

  private static String svidSelector() {
    return Labels.SVID_SELECTOR;
  }

  private static Set<String> selector(ApiRequest r) {
    return selector(r.labelSelector());
  }

  private static Set<String> selector(String text) {
    return text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split(",")));
  }

  private static RbacPolicy defaultsOnly() {
    return RbacPolicy.of(
        EVERY_ACCOUNT.stream()
            .map(rule -> new RbacPolicy.Grant("system:basic-user", null, rule))
            .toList());
  }

  /** One key per verb, resource and name of a grant: "role rule n: verb group/resource". */
  private static List<String> keys(RbacPolicy.Grant grant) {
    List<String> keys = new ArrayList<>();
    for (String group : grant.rule().getApiGroups()) {
      for (String resource : grant.rule().getResources()) {
        for (String verb : grant.rule().getVerbs()) {
          keys.add(grant.source() + ": " + verb + " " + groupName(group) + "/" + resource);
        }
      }
    }
    return keys;
  }

  private boolean used(RbacPolicy.Grant grant, String key) {
    String what = key.substring(key.indexOf(": ") + 2);
    return requests.stream()
        .filter(grant::allows)
        .anyMatch(
            r -> what.equals(r.verb() + " " + groupName(r.group()) + "/" + r.qualifiedResource()));
  }

  private static String groupName(String group) {
    return group.isEmpty() ? "core" : group;
  }

  /** Requests by verb and resource, for the report. */
  private Map<String, Long> summary() {
    return requests.stream()
        .collect(
            Collectors.groupingBy(
                r ->
                    r.isResource()
                        ? r.verb()
                            + " "
                            + (r.group().isEmpty() ? "core" : r.group())
                            + "/"
                            + r.qualifiedResource()
                            + (r.namespace().isEmpty() ? " (no namespace)" : "")
                        : r.verb() + " " + r.path(),
                TreeMap::new,
                Collectors.counting()));
  }
}
