package dev.vsid.operator.policy;

import java.util.Map;

/**
 * The WorkloadIdentity asking for an SVID, as the policy sees it.
 *
 * @param namespace its namespace
 * @param namespaceLabels the labels of that namespace (empty when unknown)
 * @param serviceAccount the service account it names
 * @param name its own name
 * @param trustDomain the SPIFFE trust domain name it asks of
 */
public record Requester(
    String namespace,
    Map<String, String> namespaceLabels,
    String serviceAccount,
    String name,
    String trustDomain) {

  public Requester {
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
  }

  /** The values of the placeholders a policy pattern may use. */
  Map<String, String> placeholders() {
    return Map.of(
        "namespace", namespace,
        "serviceAccount", serviceAccount,
        "name", name,
        "trustDomain", trustDomain);
  }
}
