package dev.vsid.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With VSID_WATCH_NAMESPACES set, the README lets an administrator replace the ClusterRole's Secret
 * and ConfigMap rules by a Role in each watched namespace. An operator serving two namespaces, with
 * a trust domain whose bundle selects every namespace, stays within those narrower rights.
 */
class WatchedNamespacesRbacTest {
  private static final Set<String> WATCHED = Set.of("shop", "payments");

  /** The Role and RoleBinding the README gives for one watched namespace. */
  private static final String PER_NAMESPACE =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: vsid-operator
        namespace: NAMESPACE
      rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["get", "list", "watch", "create", "update"]
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: ["get", "list", "watch", "create", "update", "delete"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: vsid-operator
        namespace: NAMESPACE
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: vsid-operator
      subjects:
        - kind: ServiceAccount
          name: vsid-operator
          namespace: {{ .Release.Namespace }}
      """;

  private final OperatorHarness harness =
      new OperatorHarness(settings -> settings.withWatchedNamespaces(WATCHED));

  @TempDir Path tmp;

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void anOperatorServingSomeNamespacesNeedsSecretsAndConfigMapsOnlyThere() throws Exception {
    RbacPolicy narrowed = narrowed();
    harness
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("billing").endMetadata().build())
        .create();
    harness.createTrustDomain("example", "example.org");
    harness.createIdentity("shop", "web", spec -> {});
    harness.createIdentity("payments", "api", spec -> {});
    harness.awaitIdentityReady("shop", "web");
    harness.awaitIdentityReady("payments", "api");
    String name = BundleSettings.defaultConfigMapName("example");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                WATCHED.stream()
                    .allMatch(
                        ns ->
                            harness.client().configMaps().inNamespace(ns).withName(name).get()
                                != null));
    harness.client().resources(TrustDomain.class).withName("example").delete();
    await()
        .atMost(OperatorHarness.WAIT)
        .pollDelay(Duration.ofMillis(200))
        .until(() -> harness.trustDomain("example") == null);

    List<ApiRequest> requests =
        harness.cluster().seenBy(agent -> agent.startsWith("vsid-operator-")).stream()
            .map(seen -> ApiRequest.parse(seen.line()))
            .toList();
    assertThat(requests)
        .as("requests the narrowed rights do not allow")
        .filteredOn(r -> !narrowed.allows(r))
        .extracting(ApiRequest::toString)
        .isEmpty();
    assertThat(requests)
        .filteredOn(r -> "secrets".equals(r.resource()) || "configmaps".equals(r.resource()))
        .extracting(ApiRequest::namespace)
        .containsOnly("shop", "payments", OperatorHarness.OPERATOR_NAMESPACE);
  }

  /** The manifest with the ClusterRole's Secret and ConfigMap rules moved into Roles. */
  private RbacPolicy narrowed() throws Exception {
    String ns = OperatorHarness.OPERATOR_NAMESPACE;
    Path manifest = tmp.resolve("rbac.yaml");
    List<String> documents = new ArrayList<>();
    documents.add(withoutClusterWideSecretsAndConfigMaps());
    WATCHED.forEach(watched -> documents.add(PER_NAMESPACE.replace("NAMESPACE", watched)));
    Files.writeString(manifest, String.join("\n---\n", documents));
    RbacPolicy narrowed = RbacPolicy.load(manifest, ns, "vsid-operator");
    assertThat(narrowed.grants())
        .filteredOn(g -> g.namespace() == null)
        .noneMatch(g -> g.rule().getResources().contains("secrets"))
        .noneMatch(g -> g.rule().getResources().contains("configmaps"));
    return narrowed;
  }

  /** The chart's manifest, with the two ClusterRole rules an administrator removes. */
  private static String withoutClusterWideSecretsAndConfigMaps() throws Exception {
    String text = Files.readString(RbacCoverageTest.MANIFEST);
    int role = text.indexOf("kind: ClusterRole\n");
    int end = text.indexOf("\n---", role);
    String clusterRole = text.substring(role, end);
    String narrowed =
        clusterRole
            .replaceAll(
                "(?m)^  - apiGroups: \\[\"\"\\]\\n    resources: \\[\"secrets\"\\]\\n.*\\n", "")
            .replaceAll(
                "(?m)^  - apiGroups: \\[\"\"\\]\\n    resources: \\[\"configmaps\"\\]\\n.*\\n", "");
    if (narrowed.contains("\"secrets\"") || narrowed.contains("\"configmaps\"")) {
      throw new IllegalStateException("the ClusterRole's Secret and ConfigMap rules moved");
    }
    return text.substring(0, role) + narrowed + text.substring(end);
  }
}
