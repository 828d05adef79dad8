package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers, from the identity controller's caches, which WorkloadIdentities a Secret belongs to:
 * those that name it, and the one that owns it when it is an SVID Secret. Every replica keeps these
 * caches, leader or not, so every replica can answer.
 */
public final class IdentityDirectory {
  private volatile IndexerResourceCache<WorkloadIdentity> identities;
  private volatile InformerEventSource<Secret, WorkloadIdentity> svidSecrets;
  private volatile String bySecretIndex;

  void attach(
      IndexerResourceCache<WorkloadIdentity> primaries,
      String bySecret,
      InformerEventSource<Secret, WorkloadIdentity> secrets) {
    this.bySecretIndex = bySecret;
    this.svidSecrets = secrets;
    this.identities = primaries;
  }

  /** False until the identity controller's caches are there to be read. */
  public boolean isReady() {
    return identities != null;
  }

  /**
   * The identities that write to Secret {@code name} in {@code namespace}, whether or not it
   * exists.
   */
  public List<WorkloadIdentity> naming(String namespace, String name) {
    IndexerResourceCache<WorkloadIdentity> cache = identities;
    return cache == null ? List.of() : cache.byIndex(bySecretIndex, namespace + "/" + name);
  }

  /**
   * The SVID Secret (one with the operator's SVID labels) {@code name} in {@code namespace}, if
   * there is one.
   */
  public Optional<Secret> svidSecret(String namespace, String name) {
    InformerEventSource<Secret, WorkloadIdentity> secrets = svidSecrets;
    return secrets == null ? Optional.empty() : secrets.get(new ResourceID(name, namespace));
  }

  /** The WorkloadIdentities named as owners of {@code secret}, from the cache. */
  public List<WorkloadIdentity> owners(Secret secret) {
    IndexerResourceCache<WorkloadIdentity> cache = identities;
    List<WorkloadIdentity> owners = new ArrayList<>();
    List<OwnerReference> references = secret.getMetadata().getOwnerReferences();
    if (cache == null || references == null) {
      return owners;
    }
    for (OwnerReference reference : references) {
      if ("WorkloadIdentity".equals(reference.getKind())) {
        var id = new ResourceID(reference.getName(), secret.getMetadata().getNamespace());
        cache
            .get(id)
            .filter(wi -> reference.getUid() == null || isUid(wi, reference.getUid()))
            .ifPresent(owners::add);
      }
    }
    return owners;
  }

  private static boolean isUid(WorkloadIdentity wi, String uid) {
    return uid.equals(wi.getMetadata().getUid());
  }
}
