package dev.vsid.operator.distribution;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The layout of a bundle ConfigMap: the operator's labels (which its informer selects on), the
 * TrustDomain it belongs to, the sequence and digest of the bundle it holds, an owner reference to
 * the TrustDomain, and the data of {@link BundleContent}.
 */
public final class BundleConfigMaps {
  public static final String SEQUENCE_ANNOTATION = "vsid.dev/bundle-sequence";
  public static final String DIGEST_ANNOTATION = "vsid.dev/bundle-digest";

  private static final Map<String, String> LABELS =
      Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.COMPONENT, Labels.BUNDLE);

  private BundleConfigMaps() {}

  /** The TrustDomain resource a managed ConfigMap belongs to, or "" when it names none. */
  public static String trustDomainRef(ConfigMap configMap) {
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    String ref = annotations == null ? null : annotations.get(Labels.TRUST_DOMAIN_REF);
    return ref == null ? "" : ref;
  }

  static boolean belongsTo(ConfigMap configMap, TrustDomain td) {
    return trustDomainRef(configMap).equals(td.getMetadata().getName());
  }

  static ConfigMap desired(TrustDomain td, String namespace, String name, BundleContent content) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(LABELS)
        .withAnnotations(annotations(td, content))
        .withOwnerReferences(ownerReference(td))
        .endMetadata()
        .withData(content.data())
        .build();
  }

  /** True when {@code existing} holds exactly the content, labels and annotations wanted. */
  static boolean inSync(ConfigMap existing, TrustDomain td, BundleContent content) {
    if (!content.data().equals(existing.getData() == null ? Map.of() : existing.getData())) {
      return false;
    }
    if (existing.getBinaryData() != null && !existing.getBinaryData().isEmpty()) {
      return false;
    }
    return containsAll(existing.getMetadata().getLabels(), LABELS)
        && containsAll(existing.getMetadata().getAnnotations(), annotations(td, content))
        && hasOwnerReference(existing, td);
  }

  /**
   * {@code existing} brought back to the wanted content: data replaced, the operator's labels,
   * annotations and owner reference put back, anything else others added to the metadata kept. A
   * foreign owner that claimed to be the controller stays an owner but loses that claim: the API
   * server refuses two controllers. The resourceVersion is kept, so the update fails if the
   * ConfigMap changed meanwhile.
   */
  static ConfigMap repaired(ConfigMap existing, TrustDomain td, BundleContent content) {
    Map<String, String> labels = merged(existing.getMetadata().getLabels(), LABELS);
    Map<String, String> annotations =
        merged(existing.getMetadata().getAnnotations(), annotations(td, content));
    List<OwnerReference> owners = new ArrayList<>();
    if (existing.getMetadata().getOwnerReferences() != null) {
      existing.getMetadata().getOwnerReferences().stream()
          .filter(ref -> !isTrustDomainReference(ref))
          .map(BundleConfigMaps::withoutControl)
          .forEach(owners::add);
    }
    owners.add(ownerReference(td));
    return new ConfigMapBuilder(existing)
        .editMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(owners)
        .endMetadata()
        .withData(content.data())
        .withBinaryData(null)
        .withImmutable(null)
        .build();
  }

  private static Map<String, String> annotations(TrustDomain td, BundleContent content) {
    return Map.of(
        Labels.TRUST_DOMAIN_REF,
        td.getMetadata().getName(),
        Labels.TRUST_DOMAIN_ANNOTATION,
        content.own().trustDomain().name(),
        SEQUENCE_ANNOTATION,
        Long.toString(content.sequence()),
        DIGEST_ANNOTATION,
        content.digest());
  }

  private static OwnerReference ownerReference(HasMetadata td) {
    return new OwnerReferenceBuilder()
        .withApiVersion(td.getApiVersion())
        .withKind(td.getKind())
        .withName(td.getMetadata().getName())
        .withUid(td.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  private static OwnerReference withoutControl(OwnerReference ref) {
    return Boolean.TRUE.equals(ref.getController())
        ? new OwnerReferenceBuilder(ref).withController(false).build()
        : ref;
  }

  private static boolean isTrustDomainReference(OwnerReference ref) {
    return "TrustDomain".equals(ref.getKind())
        && ref.getApiVersion() != null
        && ref.getApiVersion().startsWith("vsid.dev/");
  }

  private static boolean hasOwnerReference(ConfigMap existing, TrustDomain td) {
    List<OwnerReference> refs = existing.getMetadata().getOwnerReferences();
    if (refs == null) {
      return false;
    }
    long ours = refs.stream().filter(BundleConfigMaps::isTrustDomainReference).count();
    return ours == 1
        && refs.stream()
            .anyMatch(
                ref ->
                    isTrustDomainReference(ref)
                        && Objects.equals(ref.getUid(), td.getMetadata().getUid())
                        && Objects.equals(ref.getName(), td.getMetadata().getName())
                        && Boolean.TRUE.equals(ref.getController()));
  }

  private static boolean containsAll(Map<String, String> present, Map<String, String> wanted) {
    if (present == null) {
      return wanted.isEmpty();
    }
    for (Map.Entry<String, String> entry : wanted.entrySet()) {
      if (!entry.getValue().equals(present.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> merged(Map<String, String> present, Map<String, String> ours) {
    Map<String, String> result = present == null ? new HashMap<>() : new HashMap<>(present);
    result.putAll(ours);
    return result;
  }
}
