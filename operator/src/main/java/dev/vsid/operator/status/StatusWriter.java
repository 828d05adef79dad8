package dev.vsid.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Writes a custom resource's status and puts the result in the controller's cache at once, so the
 * next reconcile compares against what was written and not against a stale copy (which would write
 * the same status and announce the same condition twice).
 */
public final class StatusWriter {
  private final KubernetesClient client;
  private final boolean serverSideApply;

  public StatusWriter(KubernetesClient client, boolean serverSideApply) {
    this.client = client;
    this.serverSideApply = serverSideApply;
  }

  /** Writes {@code status} as the status of {@code resource}; returns the resource as written. */
  public <S, R extends CustomResource<?, S>> R write(R resource, S status, Context<R> context) {
    R updated = serverSideApply ? apply(resource, status, context) : patch(resource, status);
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(resource), updated, resource);
    return updated;
  }

  private <S, R extends CustomResource<?, S>> R patch(R resource, S status) {
    return client
        .resource(resource)
        .editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
  }

  @SuppressWarnings("unchecked")
  private <S, R extends CustomResource<?, S>> R apply(R resource, S status, Context<R> context) {
    R partial = (R) client.getKubernetesSerialization().clone(resource);
    partial.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    partial.setSpec(null);
    partial.setStatus(status);
    return client
        .resource(partial)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(context.getControllerConfiguration().fieldManager())
                .withForce(true)
                .build());
  }
}
