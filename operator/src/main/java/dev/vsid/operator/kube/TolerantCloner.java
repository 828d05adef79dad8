package dev.vsid.operator.kube;

import dev.vsid.operator.api.v1alpha1.Unparseable;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * Clones resources through JSON, as the framework does by default, and carries over the record of a
 * spec or status that could not be read. Without this, a clone of an unreadable spec would look
 * like an empty but valid one, and the user would be told a field is missing instead of which field
 * has the wrong type.
 */
public final class TolerantCloner implements Cloner {
  private final KubernetesSerialization serialization;

  public TolerantCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public <R extends HasMetadata> R clone(R object) {
    R copy = serialization.clone(object);
    if (object instanceof CustomResource<?, ?> original
        && copy instanceof CustomResource<?, ?> cloned) {
      carry(original.getSpec(), cloned.getSpec());
      carry(original.getStatus(), cloned.getStatus());
    }
    return copy;
  }

  private static void carry(Object from, Object to) {
    if (from instanceof Unparseable source
        && to instanceof Unparseable target
        && source.parseProblem() != null) {
      target.markUnparseable(source.parseProblem());
    }
  }
}
