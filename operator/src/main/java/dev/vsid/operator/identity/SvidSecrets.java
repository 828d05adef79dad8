package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.bundle.TrustFiles;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.Svid;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of an SVID Secret, as pods see it when they mount it: {@code tls.crt} (the SVID, then
 * any intermediates), {@code tls.key} (its PKCS#8 private key) and {@code ca.crt} (the trust
 * domain's roots).
 */
final class SvidSecrets {
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String BUNDLE = "ca.crt";

  private SvidSecrets() {}

  /** A complete Secret for a newly issued SVID, keeping what {@code existing} had beside it. */
  static Secret build(
      WorkloadIdentity wi, DesiredSvid desired, Svid svid, TrustFiles trust, Secret existing) {
    Map<String, String> data =
        existing == null || existing.getData() == null
            ? new HashMap<>()
            : new HashMap<>(existing.getData());
    data = withTrustFiles(data, trust);
    data.put(CERT, base64(svid.chainPem()));
    data.put(KEY, base64(svid.privateKeyPem()));
    Map<String, String> annotations =
        existing == null ? new HashMap<>() : copy(existing.getMetadata().getAnnotations());
    annotations.put(Labels.SPIFFE_ID_ANNOTATION, desired.spiffeId().toString());
    annotations.put(Labels.TTL_ANNOTATION, Durations.format(desired.ttl()));
    Map<String, String> labels =
        existing == null ? new HashMap<>() : copy(existing.getMetadata().getLabels());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.COMPONENT, Labels.SVID);
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(wi.getMetadata().getNamespace())
        .withName(desired.secretName())
        .withResourceVersion(existing == null ? null : existing.getMetadata().getResourceVersion())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(ownerOf(wi))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .build();
  }

  /** What must be brought up to date in a Secret whose SVID stays: an empty list when nothing. */
  static List<String> repairsNeeded(Secret existing, WorkloadIdentity wi, boolean bundleOutdated) {
    List<String> repairs = new ArrayList<>();
    if (bundleOutdated) {
      repairs.add("the trust bundle files");
    }
    Map<String, String> labels = existing.getMetadata().getLabels();
    if (labels == null
        || !Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        || !Labels.SVID.equals(labels.get(Labels.COMPONENT))) {
      repairs.add("the labels");
    }
    if (!isOwnedBy(existing, wi)) {
      repairs.add("the owner reference");
    }
    return repairs;
  }

  /** {@code existing} with its bundle, labels and owner reference as they should be. */
  static Secret repaired(Secret existing, WorkloadIdentity wi, TrustFiles trust) {
    Map<String, String> data = withTrustFiles(existing.getData(), trust);
    Map<String, String> labels = copy(existing.getMetadata().getLabels());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.COMPONENT, Labels.SVID);
    List<OwnerReference> owners = new ArrayList<>();
    if (existing.getMetadata().getOwnerReferences() != null) {
      owners.addAll(existing.getMetadata().getOwnerReferences());
    }
    if (!isOwnedBy(existing, wi)) {
      owners.add(ownerOf(wi));
    }
    return new SecretBuilder(existing)
        .editMetadata()
        .withLabels(labels)
        .withOwnerReferences(owners)
        .endMetadata()
        .withData(data)
        .build();
  }

  /**
   * True for a Secret that this operator wrote for this identity's SPIFFE ID but that lost its
   * controller owner reference (edited by hand, or restored from a backup): it has no controller
   * and its annotation names the same SPIFFE ID, so the identity may take it back. A Secret made
   * for another ID is never taken over.
   */
  static boolean isAdoptable(Secret secret, DesiredSvid desired) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    boolean ours =
        annotations != null
            && desired.spiffeId().toString().equals(annotations.get(Labels.SPIFFE_ID_ANNOTATION));
    List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
    boolean controlled =
        owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
    return ours && !controlled;
  }

  static OwnerReference ownerOf(WorkloadIdentity wi) {
    return new OwnerReferenceBuilder()
        .withApiVersion(wi.getApiVersion())
        .withKind(wi.getKind())
        .withName(wi.getMetadata().getName())
        .withUid(wi.getMetadata().getUid())
        .withController(true)
        .build();
  }

  /** True when {@code secret} is controlled by {@code wi}. */
  static boolean isOwnedBy(Secret secret, WorkloadIdentity wi) {
    List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && wi.getMetadata().getUid().equals(o.getUid()));
  }

  /** {@code data} (base64 values) with its trust files replaced by {@code trust}. */
  private static Map<String, String> withTrustFiles(Map<String, String> data, TrustFiles trust) {
    Map<String, String> out = new HashMap<>();
    data.forEach(
        (key, value) -> {
          if (!TrustFiles.isTrustKey(key)) {
            out.put(key, value);
          }
        });
    trust.files().forEach((key, text) -> out.put(key, base64(text)));
    return out;
  }

  /** The trust files a Secret holds, decoded; undecodable ones as null text. */
  static Map<String, String> trustFiles(Secret secret) {
    Map<String, String> files = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .keySet()
          .forEach(
              key -> {
                if (TrustFiles.isTrustKey(key)) {
                  files.put(key, text(secret, key));
                }
              });
    }
    return files;
  }

  static String text(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    String value = data == null ? null : data.get(key);
    if (value == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new HashMap<>() : new HashMap<>(map);
  }
}
