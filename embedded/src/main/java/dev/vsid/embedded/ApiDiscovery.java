package dev.vsid.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /api/v1}, {@code
 * /apis} and each group-version), which the mock server does not serve. The built-in kinds are a
 * fixed list of those the operator and the examples use; the custom kinds come from the CRDs stored
 * in the API, with their short names, categories, scope and status subresource.
 */
final class ApiDiscovery {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final Map<String, List<Kind>> BUILT_IN = builtIn();
  private static final Pattern PATHS = Pattern.compile("/api|/api/v1|/apis(/[^/]+){0,2}");

  /** A kind as discovery lists it. */
  record Kind(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      boolean status) {}

  private final List<CustomResourceDefinition> crds;

  ApiDiscovery(List<CustomResourceDefinition> crds) {
    this.crds = crds;
  }

  /** True for the paths this class answers; {@code path} has no query string. */
  static boolean isDiscovery(String path) {
    return PATHS.matcher(path).matches();
  }

  /** The document at {@code path}, or empty when no such group or version is served. */
  Optional<String> answer(String path) {
    if (path.equals("/api")) {
      return Optional.of(apiVersions());
    }
    if (path.equals("/apis")) {
      return Optional.of(groupList());
    }
    if (path.equals("/api/v1")) {
      return Optional.of(write(resourceList("v1", BUILT_IN.get("v1"))));
    }
    String groupVersion = path.substring("/apis/".length());
    if (!groupVersion.contains("/")) {
      return Optional.ofNullable(groups().get(groupVersion))
          .map(v -> write(group(groupVersion, v)));
    }
    List<Kind> kinds = kinds().get(groupVersion);
    return Optional.ofNullable(kinds).map(k -> write(resourceList(groupVersion, k)));
  }

  private static String apiVersions() {
    ObjectNode doc = JSON.createObjectNode().put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    doc.putArray("serverAddressByClientCIDRs");
    return write(doc);
  }

  private String groupList() {
    ObjectNode doc = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    groups().forEach((name, versions) -> groups.add(group(name, versions)));
    return write(doc);
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode group = JSON.createObjectNode().put("name", name);
    ArrayNode list = group.putArray("versions");
    for (String version : versions) {
      list.addObject().put("groupVersion", name + "/" + version).put("version", version);
    }
    group.set("preferredVersion", list.get(0).deepCopy());
    return group;
  }

  private static ObjectNode resourceList(String groupVersion, List<Kind> kinds) {
    ObjectNode doc = JSON.createObjectNode().put("kind", "APIResourceList");
    doc.put("apiVersion", "v1").put("groupVersion", groupVersion);
    ArrayNode resources = doc.putArray("resources");
    for (Kind kind : kinds) {
      ObjectNode resource = resources.addObject().put("name", kind.plural());
      resource.put("singularName", kind.singular()).put("namespaced", kind.namespaced());
      resource.put("kind", kind.kind());
      ALL_VERBS.forEach(resource.putArray("verbs")::add);
      kind.shortNames().forEach(resource.putArray("shortNames")::add);
      kind.categories().forEach(resource.putArray("categories")::add);
      if (kind.status()) {
        ObjectNode status = resources.addObject().put("name", kind.plural() + "/status");
        status.put("singularName", "").put("namespaced", kind.namespaced());
        status.put("kind", kind.kind());
        List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
      }
    }
    return doc;
  }

  /** Group name to its versions, in the order of {@link #kinds()}; the core group is left out. */
  private Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String groupVersion : kinds().keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash > 0) {
        groups
            .computeIfAbsent(groupVersion.substring(0, slash), g -> new ArrayList<>())
            .add(groupVersion.substring(slash + 1));
      }
    }
    return groups;
  }

  /** Group-version to its kinds: the built-in ones, then those of the stored CRDs. */
  private Map<String, List<Kind>> kinds() {
    Map<String, List<Kind>> kinds = new LinkedHashMap<>(BUILT_IN);
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (Boolean.TRUE.equals(version.getServed())) {
          String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
          kinds.computeIfAbsent(groupVersion, gv -> new ArrayList<>()).add(kind(crd, version));
        }
      }
    }
    return kinds;
  }

  private static Kind kind(CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
    var names = crd.getSpec().getNames();
    return new Kind(
        names.getPlural(),
        names.getSingular(),
        names.getKind(),
        "Namespaced".equals(crd.getSpec().getScope()),
        names.getShortNames() == null ? List.of() : names.getShortNames(),
        names.getCategories() == null ? List.of() : names.getCategories(),
        version.getSubresources() != null && version.getSubresources().getStatus() != null);
  }

  private static Map<String, List<Kind>> builtIn() {
    Map<String, List<Kind>> kinds = new LinkedHashMap<>();
    kinds.put(
        "v1",
        List.of(
            cluster("namespaces", "namespace", "Namespace", "ns"),
            namespaced("serviceaccounts", "serviceaccount", "ServiceAccount", "sa"),
            namespaced("secrets", "secret", "Secret"),
            namespaced("configmaps", "configmap", "ConfigMap", "cm"),
            all(namespaced("pods", "pod", "Pod", "po")),
            all(namespaced("services", "service", "Service", "svc")),
            namespaced("events", "event", "Event", "ev")));
    kinds.put(
        "apps/v1",
        List.of(
            all(namespaced("deployments", "deployment", "Deployment", "deploy")),
            all(namespaced("replicasets", "replicaset", "ReplicaSet", "rs"))));
    kinds.put("coordination.k8s.io/v1", List.of(namespaced("leases", "lease", "Lease")));
    kinds.put(
        "apiextensions.k8s.io/v1",
        List.of(
            cluster(
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                "crd",
                "crds")));
    kinds.put(
        "admissionregistration.k8s.io/v1",
        List.of(
            cluster(
                "validatingwebhookconfigurations",
                "validatingwebhookconfiguration",
                "ValidatingWebhookConfiguration"),
            cluster(
                "mutatingwebhookconfigurations",
                "mutatingwebhookconfiguration",
                "MutatingWebhookConfiguration")));
    return Collections.unmodifiableMap(kinds);
  }

  private static Kind namespaced(
      String plural, String singular, String kind, String... shortNames) {
    return new Kind(plural, singular, kind, true, List.of(shortNames), List.of(), false);
  }

  private static Kind cluster(String plural, String singular, String kind, String... shortNames) {
    return new Kind(plural, singular, kind, false, List.of(shortNames), List.of(), false);
  }

  /** In the {@code all} category, as on a cluster: {@code kubectl get all} lists it. */
  private static Kind all(Kind kind) {
    return new Kind(
        kind.plural(),
        kind.singular(),
        kind.kind(),
        kind.namespaced(),
        kind.shortNames(),
        List.of("all"),
        kind.status());
  }

  private static String write(ObjectNode doc) {
    return doc.toString();
  }
}
