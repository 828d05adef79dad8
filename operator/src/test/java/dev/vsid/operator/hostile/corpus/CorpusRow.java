package dev.vsid.operator.hostile.corpus;

import java.util.List;

/**
 * One resource of the hostile corpus and what the operator must answer.
 *
 * @param file the file it came from, such as {@code wi-ttl-negative.yaml}
 * @param kind WorkloadIdentity or TrustDomain
 * @param namespace its namespace, or null for a TrustDomain
 * @param name its name
 * @param json the resource as the API receives it, generated parts expanded
 * @param conditionType the condition to check, such as Ready or BundlesInSync
 * @param conditionStatus True or False
 * @param reason the expected reason
 * @param messageParts text the condition's message must contain
 */
public record CorpusRow(
    String file,
    String kind,
    String namespace,
    String name,
    String json,
    String conditionType,
    String conditionStatus,
    String reason,
    List<String> messageParts) {

  /** True when the operator must refuse the resource (and say so with a Warning Event). */
  public boolean refused() {
    return "False".equals(conditionStatus);
  }

  public boolean isIdentity() {
    return "WorkloadIdentity".equals(kind);
  }

  @Override
  public String toString() {
    return file + " -> " + conditionType + "=" + conditionStatus + " " + reason;
  }
}
