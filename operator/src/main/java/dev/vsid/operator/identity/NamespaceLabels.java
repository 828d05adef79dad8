package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The labels of namespaces, which a trust domain's policy may select on. A namespace that gains or
 * loses a label has its identities looked at again; other namespace changes are ignored.
 */
final class NamespaceLabels {
  private InformerEventSource<Namespace, WorkloadIdentity> namespaces;

  InformerEventSource<Namespace, WorkloadIdentity> eventSource(
      EventSourceContext<WorkloadIdentity> context,
      IndexerResourceCache<WorkloadIdentity> identities) {
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, WorkloadIdentity.class)
                .withName("namespace-labels")
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withOnUpdateFilter(
                    (now, before) ->
                        !Objects.equals(
                            now.getMetadata().getLabels(), before.getMetadata().getLabels()))
                .withSecondaryToPrimaryMapper(ns -> identitiesIn(identities, ns))
                .build(),
            context);
    return namespaces;
  }

  private static Set<ResourceID> identitiesIn(
      IndexerResourceCache<WorkloadIdentity> identities, Namespace ns) {
    return identities
        .list(ns.getMetadata().getName())
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The labels of {@code namespace}; empty when it is not known (yet). */
  Map<String, String> of(String namespace) {
    return namespaces
        .get(new ResourceID(namespace))
        .map(ns -> ns.getMetadata().getLabels())
        .map(labels -> (Map<String, String>) labels)
        .orElse(Map.of());
  }
}
