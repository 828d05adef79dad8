package dev.vsid.operator.security;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The permissions an RBAC manifest gives one service account, evaluated as the API server's RBAC
 * authorizer does: a rule allows a request when its verbs, API groups, resources (with the
 * subresource) and, if it has any, resource names all match; rules of a ClusterRole bound by a
 * ClusterRoleBinding apply everywhere, rules bound by a RoleBinding only in its namespace.
 */
final class RbacPolicy {
  static final String NAMESPACE_PLACEHOLDER = "{{ .Release.Namespace }}";

  /**
   * One rule and where it applies.
   *
   * @param source the role and the rule's position in it, as a reader of the manifest finds it
   * @param namespace where the rule applies; null for everywhere
   */
  record Grant(String source, String namespace, PolicyRule rule) {
    boolean allows(ApiRequest request) {
      return request.isResource()
          && (namespace == null || namespace.equals(request.namespace()))
          && matches(rule.getVerbs(), request.verb())
          && matches(rule.getApiGroups(), request.group())
          && resourceMatches(request)
          && nameMatches(request);
    }

    private boolean resourceMatches(ApiRequest request) {
      List<String> resources = rule.getResources();
      return resources.contains("*")
          || resources.contains(request.qualifiedResource())
          || (request.subresource() != null && resources.contains("*/" + request.subresource()));
    }

    private boolean nameMatches(ApiRequest request) {
      List<String> names = rule.getResourceNames();
      if (names == null || names.isEmpty()) {
        return true;
      }
      // A create names nothing the authorizer can see, even when the body does.
      return !request.verb().equals("create") && names.contains(request.name());
    }

    private static boolean matches(List<String> allowed, String value) {
      return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }

    @Override
    public String toString() {
      return source;
    }
  }

  private final List<Grant> grants;

  private RbacPolicy(List<Grant> grants) {
    this.grants = List.copyOf(grants);
  }

  /** A policy of the given grants alone. */
  static RbacPolicy of(List<Grant> grants) {
    return new RbacPolicy(grants);
  }

  /**
   * Reads {@code manifest}, with the release namespace set to {@code namespace}, and keeps the
   * rules bound to the service account {@code namespace}/{@code serviceAccount}.
   */
  static RbacPolicy load(Path manifest, String namespace, String serviceAccount)
      throws IOException {
    List<HasMetadata> objects = objects(Files.readString(manifest), namespace);
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRoleBinding binding
          && binds(binding.getSubjects(), namespace, serviceAccount)) {
        grants.addAll(grants(objects, binding.getRoleRef(), null, null));
      } else if (object instanceof RoleBinding binding
          && binds(binding.getSubjects(), namespace, serviceAccount)) {
        String where = binding.getMetadata().getNamespace();
        grants.addAll(grants(objects, binding.getRoleRef(), where, where));
      }
    }
    return new RbacPolicy(grants);
  }

  /** The objects of a multi-document manifest whose only template is the namespace. */
  static List<HasMetadata> objects(String text, String namespace) {
    String resolved = text.replace(NAMESPACE_PLACEHOLDER, namespace);
    if (resolved.contains("{{")) {
      throw new IllegalArgumentException("the manifest holds a template other than the namespace");
    }
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : resolved.split("(?m)^---\\s*$")) {
      if (!document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        objects.add(serialization.unmarshal(document));
      }
    }
    return objects;
  }

  List<Grant> grants() {
    return grants;
  }

  boolean allows(ApiRequest request) {
    return grants.stream().anyMatch(g -> g.allows(request));
  }

  /** The rules a SelfSubjectRulesReview about {@code namespace} returns for the account. */
  List<ResourceRule> resourceRulesIn(String namespace) {
    return grants.stream()
        .filter(g -> g.namespace() == null || g.namespace().equals(namespace))
        .map(Grant::rule)
        .map(
            r ->
                new ResourceRuleBuilder()
                    .withApiGroups(r.getApiGroups())
                    .withResources(r.getResources())
                    .withResourceNames(r.getResourceNames())
                    .withVerbs(r.getVerbs())
                    .build())
        .toList();
  }

  /** The same rules with those of {@code removed} taken out and {@code added} put in. */
  RbacPolicy replacing(java.util.function.Predicate<Grant> removed, List<Grant> added) {
    List<Grant> result = new ArrayList<>(grants.stream().filter(removed.negate()).toList());
    result.addAll(added);
    return new RbacPolicy(result);
  }

  private static boolean binds(List<Subject> subjects, String namespace, String name) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && name.equals(s.getName())
                        && namespace.equals(s.getNamespace()));
  }

  private static List<Grant> grants(
      List<HasMetadata> objects, RoleRef ref, String roleNamespace, String appliesIn) {
    List<PolicyRule> rules = null;
    for (HasMetadata object : objects) {
      if (!object.getMetadata().getName().equals(ref.getName())) {
        continue;
      }
      if ("ClusterRole".equals(ref.getKind()) && object instanceof ClusterRole role) {
        rules = role.getRules();
      } else if ("Role".equals(ref.getKind())
          && object instanceof Role role
          && Objects.equals(roleNamespace, role.getMetadata().getNamespace())) {
        rules = role.getRules();
      }
    }
    if (rules == null) {
      throw new IllegalArgumentException("a binding refers to a missing " + ref.getKind());
    }
    List<Grant> result = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String source = ref.getKind() + " " + ref.getName() + " rule " + (i + 1);
      result.add(new Grant(source, appliesIn, rules.get(i)));
    }
    return result;
  }
}
