package dev.vsid.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.config.WebhookSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart renders manifests that a cluster accepts and that fit the operator: every field
 * exists in its kind, the pods run locked down under the ServiceAccount of rbac.yaml, the
 * environment parses into the settings the values ask for, and every Service leads to a port the
 * pods open. Skipped when no helm binary is found (charts/check.sh fetches one).
 */
class HelmChartTest {
  private static final String DEFAULTS = "";
  private static final String EVERYTHING = "ci/everything-values.yaml";
  private static final String WEBHOOK_OFF = "ci/webhook-off-values.yaml";
  private static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  /**
   * Set by the chart before the operator reads it: the metrics and health server on
   * VSID_METRICS_PORT (/metrics, /healthz, /readyz) is being added beside this chart.
   */
  private static final Set<String> READ_SOON = Set.of("VSID_METRICS_PORT");

  private static Helm helm;

  @BeforeAll
  static void findHelm() {
    helm = Helm.find().orElse(null);
    if (helm == null) {
      System.err.println("HelmChartTest skipped: " + Helm.NOT_FOUND);
    }
  }

  @BeforeEach
  void requireHelm() {
    Assumptions.assumeTrue(helm != null, Helm.NOT_FOUND);
  }

  private static List<HasMetadata> render(String values) throws Exception {
    return values.isEmpty() ? helm.template() : helm.template(values);
  }

  @Test
  void theChartChecksOfCiPass() throws Exception {
    Path script = Helm.REPO.resolve("charts/check.sh");
    Helm.Result result =
        Helm.run(List.of("env", "HELM=" + helm.binary(), script.toString(), "--no-fetch"), 120);
    Assumptions.assumeFalse(
        result.exitCode() == 3, "charts/check.sh --no-fetch lacks its tools:\n" + result.output());
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {DEFAULTS, EVERYTHING, WEBHOOK_OFF})
  void everyRenderedFieldExistsInItsKind(String values) throws Exception {
    for (HasMetadata object : render(values)) {
      assertThat(UnknownFields.of(object))
          .as("fields unknown to %s %s", object.getKind(), object.getMetadata().getName())
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {DEFAULTS, EVERYTHING, WEBHOOK_OFF})
  void thePodsRunLockedDownUnderTheOperatorsServiceAccount(String values) throws Exception {
    List<HasMetadata> objects = render(values);
    PodSpec pod = deployment(objects).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    assertThat(pod.getServiceAccountName()).isEqualTo(serviceAccount(objects));
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull())
        .hasSize(1);
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void portsThatWouldClashOrServeNothingAreRefusedWhenRendering() throws Exception {
    Helm.Result sharedPort =
        Helm.run(
            List.of(
                helm.binary().toString(),
                "template",
                "vsid",
                Helm.CHART.toString(),
                "--set",
                "metrics.port=9443"),
            60);
    Helm.Result portsWithoutEndpoints =
        Helm.run(
            List.of(
                helm.binary().toString(),
                "template",
                "vsid",
                Helm.CHART.toString(),
                "--set",
                "bundleEndpoints.enabled=false",
                "--set",
                "bundleEndpoints.service.ports[0].name=example-org",
                "--set",
                "bundleEndpoints.service.ports[0].port=443",
                "--set",
                "bundleEndpoints.service.ports[0].targetPort=8443"),
            60);

    assertThat(sharedPort.exitCode()).isNotZero();
    assertThat(sharedPort.output()).contains("metrics.port 9443 is webhook.port too");
    assertThat(portsWithoutEndpoints.exitCode()).isNotZero();
    assertThat(portsWithoutEndpoints.output()).contains("bundleEndpoints.enabled is false");
  }

  @Test
  void podsNameThemselvesAndTheirNamespaceThroughTheDownwardApi() throws Exception {
    Container operator = operatorContainer(render(DEFAULTS));

    assertThat(fieldRef(operator, "VSID_NAMESPACE")).isEqualTo("metadata.namespace");
    assertThat(fieldRef(operator, "VSID_LEADER_IDENTITY")).isEqualTo("metadata.name");
  }

  @Test
  void theDefaultsRunTwoReplicasSpreadOverNodesWithADisruptionBudget() throws Exception {
    List<HasMetadata> objects = render(DEFAULTS);
    Deployment deployment = deployment(objects);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname"))
        .satisfies(
            c ->
                assertThat(podLabels(deployment))
                    .containsAllEntriesOf(c.getLabelSelector().getMatchLabels()));
    assertThat(only(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isPositive();
  }

  @Test
  void oneReplicaHasNoDisruptionBudget() throws Exception {
    assertThat(render(WEBHOOK_OFF)).noneMatch(PodDisruptionBudget.class::isInstance);
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {DEFAULTS, EVERYTHING, WEBHOOK_OFF})
  void theEnvironmentParsesIntoSettingsThatFitTheRenderedObjects(String values) throws Exception {
    List<HasMetadata> objects = render(values);
    OperatorSettings settings = OperatorSettings.fromEnvironment(environment(objects));

    assertThat(settings.namespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(settings.leaderElection().leaseNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(settings.leaderElection().identity()).isEqualTo("vsid-operator-7d9c-x2x4q");
    assertThat(settings.leaderElection().leaseName()).isEqualTo("vsid-operator");
    WebhookSettings webhook = settings.webhook();
    Optional<Service> webhookService = service(objects, webhook.serviceName());
    assertThat(webhookService.isPresent()).isEqualTo(webhook.enabled());
    if (webhook.enabled()) {
      ServicePort port = webhookService.get().getSpec().getPorts().get(0);
      assertThat(port.getPort()).isEqualTo(webhook.servicePort());
      assertThat(containerPort(objects, port.getTargetPort().getStrVal()))
          .isEqualTo(webhook.port());
    }
  }

  @Test
  void theValuesReachTheOperatorsSettings() throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(environment(render(EVERYTHING)));

    assertThat(settings.watchedNamespaces()).containsExactlyInAnyOrder("shop", "ledger");
    assertThat(settings.reconcileThreads()).isEqualTo(4);
    assertThat(settings.leaderElection().enabled()).isTrue();
    assertThat(settings.leaderElection().leaseDuration()).hasSeconds(20);
    assertThat(settings.webhook().failurePolicy()).isEqualTo(WebhookSettings.FailurePolicy.Ignore);
    assertThat(settings.webhook().excludedNamespaces())
        .containsExactlyInAnyOrder("monitoring", "istio-system");
    assertThat(settings.webhook().port()).isEqualTo(10443);

    OperatorSettings small = OperatorSettings.fromEnvironment(environment(render(WEBHOOK_OFF)));
    assertThat(small.webhook().enabled()).isFalse();
    assertThat(small.leaderElection().enabled()).isFalse();
    assertThat(small.bundleEndpoints().enabled()).isFalse();
    assertThat(small.serverSideApply()).isFalse();
  }

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {DEFAULTS, EVERYTHING, WEBHOOK_OFF})
  void everyServiceLeadsToAPortThePodsOpen(String values) throws Exception {
    List<HasMetadata> objects = render(values);
    Deployment deployment = deployment(objects);

    for (Service service : all(objects, Service.class)) {
      assertThat(podLabels(deployment)).containsAllEntriesOf(service.getSpec().getSelector());
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(containerPort(objects, port.getTargetPort().getStrVal()))
            .as("%s port %s", service.getMetadata().getName(), port.getName())
            .isNotNull();
      }
    }
  }

  @Test
  void theBundleEndpointServiceExposesTheListedPorts() throws Exception {
    assertThat(service(render(DEFAULTS), "vsid-bundle-endpoint")).isEmpty();

    List<HasMetadata> objects = render(EVERYTHING);
    Service service = service(objects, "vsid-bundle-endpoint").orElseThrow();
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> containerPort(objects, p.getTargetPort().getStrVal()))
        .containsExactly(8443, 8444);
  }

  @Test
  void theProbesAskTheHealthServerOnTheMetricsPort() throws Exception {
    List<HasMetadata> objects = render(EVERYTHING);
    Container operator = operatorContainer(objects);

    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    String port = operator.getReadinessProbe().getHttpGet().getPort().getStrVal();
    assertThat(containerPort(objects, port))
        .isEqualTo(Integer.valueOf(environment(objects).get("VSID_METRICS_PORT")));
    assertThat(service(objects, "vsid-operator-metrics")).isPresent();
  }

  @Test
  void everyVariableTheChartSetsIsOneTheOperatorReads() throws Exception {
    Set<String> read = variablesReadByTheOperator();
    for (String values : List.of(DEFAULTS, EVERYTHING, WEBHOOK_OFF)) {
      assertThat(environment(render(values)).keySet())
          .filteredOn(name -> name.startsWith("VSID_"))
          .allMatch(
              name -> read.contains(name) || READ_SOON.contains(name), "read by the operator");
    }
  }

  @Test
  void rbacYamlAloneGrantsPermissions() throws Exception {
    List<HasMetadata> objects = render(EVERYTHING);
    String rbac = Files.readString(Helm.CHART.resolve("templates/rbac.yaml"));
    List<HasMetadata> fromRbacYaml =
        Helm.parse(rbac.replace("{{ .Release.Namespace }}", Helm.NAMESPACE));

    assertThat(objects.stream().filter(o -> RBAC_KINDS.contains(o.getKind())).toList())
        .as("the RBAC objects rendered are exactly those of rbac.yaml (RbacCoverageTest)")
        .containsExactlyElementsOf(fromRbacYaml);
  }

  private static Set<String> variablesReadByTheOperator() throws IOException {
    Pattern variable = Pattern.compile("\\bVSID_[A-Z_]+\\b");
    Path main = Helm.REPO.resolve("operator/src/main");
    try (Stream<Path> files = Files.walk(main)) {
      return files
          .filter(Files::isRegularFile)
          .flatMap(HelmChartTest::lines)
          .flatMap(line -> variable.matcher(line).results().map(MatchResult::group))
          .collect(Collectors.toSet());
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The container's environment as the pod would see it, downward API fields filled in. */
  private static Map<String, String> environment(List<HasMetadata> objects) {
    Map<String, String> downward =
        Map.of("metadata.namespace", Helm.NAMESPACE, "metadata.name", "vsid-operator-7d9c-x2x4q");
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable : operatorContainer(objects).getEnv()) {
      String value =
          variable.getValueFrom() == null
              ? variable.getValue()
              : downward.get(variable.getValueFrom().getFieldRef().getFieldPath());
      assertThat(env.put(variable.getName(), value)).as(variable.getName() + " twice").isNull();
    }
    return env;
  }

  private static String fieldRef(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValueFrom()
        .getFieldRef()
        .getFieldPath();
  }

  private static Integer containerPort(List<HasMetadata> objects, String name) {
    return operatorContainer(objects).getPorts().stream()
        .filter(p -> p.getName().equals(name))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(null);
  }

  private static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static Container operatorContainer(List<HasMetadata> objects) {
    List<Container> containers =
        deployment(objects).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return only(objects, Deployment.class);
  }

  private static String serviceAccount(List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o.getKind().equals("ServiceAccount"))
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.collectingAndThen(Collectors.toList(), l -> l.get(0)));
  }

  private static Optional<Service> service(List<HasMetadata> objects, String name) {
    return all(objects, Service.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst();
  }

  private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
