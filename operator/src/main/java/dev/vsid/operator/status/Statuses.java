package dev.vsid.operator.status;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Compares statuses by their JSON form, so a status is written only when it changed. */
public final class Statuses {
  private Statuses() {}

  public static boolean sameJson(Object a, Object b) {
    var mapper = Serialization.jsonMapper();
    return mapper.valueToTree(a).equals(mapper.valueToTree(b));
  }
}
