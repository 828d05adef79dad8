package dev.vsid.operator.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request as the API server's authorizer sees it: verb, API group, resource, subresource,
 * namespace and name, worked out from "METHOD path?query" by the rules the API server follows. A
 * path outside {@code /api} and {@code /apis} is a non-resource request (its verb is the method in
 * lower case, its path in {@link #path()}).
 *
 * @param line the request as recorded
 * @param name the object's name: from the path, from a {@code metadata.name} field selector of a
 *     list or watch, or from the body of a create (which RBAC does not see, but the tests do)
 */
record ApiRequest(
    String line,
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path,
    Map<String, String> query) {

  /** Subresources of a namespace object, which stay on the namespace rather than name a kind. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  boolean isResource() {
    return resource != null;
  }

  /** The label selector of a list or watch, or "" when there is none. */
  String labelSelector() {
    return query.getOrDefault("labelSelector", "");
  }

  /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
  String qualifiedResource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  ApiRequest withName(String created) {
    return new ApiRequest(
        line, verb, group, resource, subresource, namespace, created, path, query);
  }

  @Override
  public String toString() {
    if (!isResource()) {
      return verb + " " + path;
    }
    return verb
        + " "
        + (group.isEmpty() ? "core" : group)
        + "/"
        + qualifiedResource()
        + (namespace.isEmpty() ? "" : " in " + namespace)
        + (name == null ? "" : " named " + name)
        + (labelSelector().isEmpty() ? "" : " selecting " + labelSelector());
  }

  static ApiRequest parse(String line) {
    int space = line.indexOf(' ');
    String method = line.substring(0, space);
    String target = line.substring(space + 1);
    int mark = target.indexOf('?');
    String path = mark < 0 ? target : target.substring(0, mark);
    Map<String, String> query = mark < 0 ? Map.of() : query(target.substring(mark + 1));
    List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    if (parts.size() < 2 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
      return nonResource(line, method, path, query);
    }
    boolean core = parts.get(0).equals("api");
    String group = core ? "" : parts.get(1);
    List<String> rest = parts.subList(core ? 2 : 3, parts.size());
    if (rest.isEmpty()) {
      return nonResource(line, method, path, query);
    }
    return resource(line, method, group, rest, path, query);
  }

  private static ApiRequest resource(
      String line,
      String method,
      String group,
      List<String> rest,
      String path,
      Map<String, String> query) {
    boolean watchPath = rest.get(0).equals("watch");
    if (watchPath) {
      rest = rest.subList(1, rest.size());
    }
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String subresource = rest.size() > 2 ? rest.get(2) : null;
    boolean watch = watchPath || "true".equals(query.get("watch"));
    String verb = verb(method, name != null, watch);
    if ((verb.equals("list") || verb.equals("watch")) && name == null) {
      name = nameFromFieldSelector(query.get("fieldSelector"));
    }
    return new ApiRequest(line, verb, group, resource, subresource, namespace, name, path, query);
  }

  private static String verb(String method, boolean named, boolean watch) {
    return switch (method) {
      case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static ApiRequest nonResource(
      String line, String method, String path, Map<String, String> query) {
    return new ApiRequest(
        line, method.toLowerCase(java.util.Locale.ROOT), null, null, null, "", null, path, query);
  }

  /** The API server authorizes a list or watch by name when it selects one name by field. */
  private static String nameFromFieldSelector(String selector) {
    if (selector == null) {
      return null;
    }
    for (String term : selector.split(",")) {
      if (term.startsWith("metadata.name=")) {
        return term.substring("metadata.name=".length());
      }
    }
    return null;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> result = new HashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.put(decode(key), decode(value));
    }
    return Map.copyOf(result);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
