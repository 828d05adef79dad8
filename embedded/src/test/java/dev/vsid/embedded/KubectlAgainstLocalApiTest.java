package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomainStatus;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentityStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against a local API with the operator's CRDs and the kubeconfig the embedded
 * mode writes: discovery, short names, the vsid category, printer columns, YAML output, apply,
 * merge patches and deletes work; explain does not, as the local API serves no OpenAPI.
 */
class KubectlAgainstLocalApiTest {
  private static final Path EXAMPLES =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
          .resolve("../examples")
          .normalize();
  private static final String SPIFFE_ID = "spiffe://example.org/ns/shop/sa/frontend";
  private static final String NOT_AFTER = "2031-01-02T03:04:05Z";

  @TempDir static Path dir;
  private static LocalApiServer api;
  private static Kubectl kubectl;

  @BeforeAll
  static void startTheApiWithATrustDomainAndAnIdentity() throws Exception {
    assumeTrue(
        Kubectl.find() != null, "kubectl is not on the PATH: the kubectl checks are skipped");
    api = LocalApiServer.start();
    OperatorCrds.apply(api.client());
    Path kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), api.url(), "vsid-embedded");
    kubectl = new Kubectl(kubeconfig, Files.createDirectories(dir.resolve("cache")));
    createReadyTrustDomainAndIdentity(api.client());
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theKubeconfigPointsAtTheLocalApiOnLoopbackWithNoCredentials() throws Exception {
    String text = Files.readString(dir.resolve("kubeconfig"));

    assertThat(text).contains("server: " + api.url()).contains("server: http://127.0.0.1:");
    assertThat(text).doesNotContain("token").doesNotContain("password").doesNotContain("cert");
  }

  @Test
  void getWidListsIdentitiesWithReadySpiffeIdAndExpiry() {
    Kubectl.Result result = kubectl.run("get", "wid", "-A");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly("NAMESPACE", "NAME", "AGE", "READY", "EXPIRES", "SPIFFE ID");
    assertThat(lines.get(1).split("\\s{2,}"))
        .startsWith("shop", "frontend")
        .contains("True", NOT_AFTER, SPIFFE_ID);
  }

  @Test
  void getTrustDomainsShowsTheTrustDomainItsCaExpiryAndBundleReach() {
    Kubectl.Result result = kubectl.run("get", "trustdomains");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("TRUST DOMAIN", "BUNDLES IN SYNC", "SELECTED", "CA EXPIRES", "READY");
    assertThat(result.out().lines().skip(1).findFirst().orElseThrow().split("\\s{2,}"))
        .startsWith("example-org")
        .contains("example.org", "2", "3", NOT_AFTER, "True");
  }

  @Test
  void shortNamesAndTheVsidCategoryWork() {
    Kubectl.Result shortName = kubectl.run("get", "td");
    Kubectl.Result category = kubectl.run("get", "vsid", "-A");
    Kubectl.Result resources = kubectl.run("api-resources", "--api-group=vsid.dev");
    Kubectl.Result several = kubectl.run("get", "wid,td,ftd", "-A");

    assertThat(shortName.out()).contains("example-org");
    assertThat(several.code()).as(several.err()).isZero();
    assertThat(several.out()).contains("workloadidentity.vsid.dev/frontend", "example.org");
    assertThat(category.out())
        .contains("trustdomain.vsid.dev/example-org", "workloadidentity.vsid.dev/frontend");
    assertThat(resources.out())
        .containsPattern("federatedtrustdomains\\s+ftd\\s+vsid.dev/v1alpha1\\s+false")
        .containsPattern("trustdomains\\s+td\\s+vsid.dev/v1alpha1\\s+false")
        .containsPattern("workloadidentities\\s+wid\\s+vsid.dev/v1alpha1\\s+true");
  }

  @Test
  void applyOfAnExampleCreatesItAndAReapplyChangesNothing() {
    Path federation = EXAMPLES.resolve("40-federation.yaml");

    Kubectl.Result first = kubectl.run("apply", "--validate=false", "-f", federation.toString());
    Kubectl.Result again = kubectl.run("apply", "--validate=false", "-f", federation.toString());
    Kubectl.Result listed = kubectl.run("get", "ftd");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("federatedtrustdomain.vsid.dev/partner.example created");
    assertThat(again.out()).contains("federatedtrustdomain.vsid.dev/partner.example unchanged");
    assertThat(listed.out())
        .contains("TRUST DOMAIN", "READY", "SEQUENCE", "LAST SUCCESS")
        .contains("partner.example");
  }

  @Test
  void getWithOutputYamlPrintsTheWholeObjectWithItsStatus() {
    Kubectl.Result result = kubectl.run("get", "wid", "frontend", "-n", "shop", "-o", "yaml");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("kind: WorkloadIdentity", "serviceAccountName: frontend")
        .contains("spiffeId: " + SPIFFE_ID, "type: Ready");
  }

  @Test
  void mergeAndJsonPatchesAndDeletesWork() {
    kubectl.run("apply", "--validate=false", "-f", EXAMPLES.resolve("10-trust-domain.yaml") + "");
    Kubectl.Result merge =
        kubectl.run(
            "patch", "td", "example-org", "--type=merge", "-p", "{\"metadata\":{\"labels\":{}}}");
    Kubectl.Result label = kubectl.run("label", "td", "example-org", "team=identity");
    Kubectl.Result json =
        kubectl.run(
            "patch",
            "td",
            "example-org",
            "--type=json",
            "-p",
            "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"b\"}}]");
    Kubectl.Result labels = kubectl.run("get", "td", "-l", "team=identity", "-o", "name");

    assertThat(List.of(merge, label, json)).allSatisfy(r -> assertThat(r.code()).isZero());
    assertThat(labels.out()).contains("trustdomain.vsid.dev/example-org");
  }

  @Test
  void versionAnswersAndStrategicMergePatchesAreRefused() {
    Kubectl.Result version = kubectl.run("version");
    Kubectl.Result strategic =
        kubectl.run("patch", "ns", "shop", "-p", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out()).contains("Server Version: v1.32.0-fabric8-mock");
    assertThat(strategic.code()).isNotZero();
  }

  @Test
  void explainIsNotAvailableBecauseTheLocalApiServesNoOpenApi() {
    Kubectl.Result result = kubectl.run("explain", "wid.spec");

    assertThat(result.code()).isNotZero();
    assertThat(result.err()).contains("couldn't find resource");
  }

  private static void createReadyTrustDomainAndIdentity(KubernetesClient client) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    TrustDomain trustDomain = new TrustDomain();
    trustDomain.setMetadata(new ObjectMetaBuilder().withName("example-org").build());
    trustDomain.setSpec(new TrustDomainSpec());
    trustDomain.getSpec().setTrustDomain("example.org");
    client.resource(trustDomain).create();
    trustDomain.setStatus(trustDomainStatus());
    client.resource(trustDomain).updateStatus();

    WorkloadIdentity identity = new WorkloadIdentity();
    identity.setMetadata(
        new ObjectMetaBuilder().withName("frontend").withNamespace("shop").build());
    identity.setSpec(new WorkloadIdentitySpec());
    identity.getSpec().setTrustDomain("example-org");
    identity.getSpec().setServiceAccountName("frontend");
    client.resource(identity).create();
    WorkloadIdentityStatus status = new WorkloadIdentityStatus();
    status.setConditions(List.of(new Condition("Ready", "True", "Issued", "SVID issued")));
    status.setSpiffeId(SPIFFE_ID);
    status.setNotAfter(NOT_AFTER);
    identity.setStatus(status);
    client.resource(identity).updateStatus();
  }

  private static TrustDomainStatus trustDomainStatus() {
    var status = new TrustDomainStatus();
    status.setConditions(List.of(new Condition("Ready", "True", "CaLoaded", "CA loaded")));
    status.setCa(new dev.vsid.operator.api.v1alpha1.CaStatus());
    status.getCa().setNotAfter(NOT_AFTER);
    status.setBundle(new dev.vsid.operator.api.v1alpha1.BundleStatus());
    status.getBundle().setNamespacesInSync(2);
    status.getBundle().setNamespacesSelected(3);
    return status;
  }
}
