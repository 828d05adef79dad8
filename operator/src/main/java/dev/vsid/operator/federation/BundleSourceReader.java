package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.BundleDocument;
import dev.vsid.operator.api.v1alpha1.ConfigMapKeyRef;
import dev.vsid.operator.bundle.BundleFormatException;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Reads a bundle given in place (SPIFFE bundle JSON or PEM) or held in a ConfigMap key, for a
 * configured trust domain. What is wrong is reported naming the field to fix.
 */
public final class BundleSourceReader {
  private final KubernetesClient client;
  private final String operatorNamespace;

  /**
   * A reader of ConfigMaps in {@code operatorNamespace} only: whoever may edit a bundle source
   * chooses which roots workloads trust, so it must sit where only administrators write.
   */
  public BundleSourceReader(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
  }

  /** The bundle of a {@link BundleDocument} at {@code field}. */
  TrustBundle read(BundleDocument document, TrustDomainName trustDomain, String field)
      throws BadInputException, SourceUnavailableException {
    if (document == null) {
      throw new BadInputException(Reasons.INVALID_SPEC, field + " is missing");
    }
    return read(
        document.getSpiffeJson(), document.getPem(), document.getConfigMap(), trustDomain, field);
  }

  /** The bundle of whichever one of the three forms is set. */
  TrustBundle read(
      String spiffeJson,
      String pem,
      ConfigMapKeyRef configMap,
      TrustDomainName trustDomain,
      String field)
      throws BadInputException, SourceUnavailableException {
    if (spiffeJson != null) {
      return parse(spiffeJson, trustDomain, field + ".spiffeJson", false);
    }
    if (pem != null) {
      return parse(pem, trustDomain, field + ".pem", true);
    }
    if (configMap != null) {
      String where = field + ".configMap";
      String text = text(configMap, where);
      boolean json = text.stripLeading().startsWith("{");
      return parse(text, trustDomain, where + " (" + describe(configMap) + ")", !json);
    }
    throw new BadInputException(
        Reasons.INVALID_SPEC, field + " names no bundle; set spiffeJson, pem or configMap");
  }

  /**
   * CA certificates for web PKI, as PEM: given in place, or in a ConfigMap key. They need not be
   * SPIFFE certificates.
   */
  String certificates(BundleDocument document, String field)
      throws BadInputException, SourceUnavailableException {
    String pem;
    if (document != null && document.getPem() != null) {
      pem = document.getPem();
    } else if (document != null && document.getConfigMap() != null) {
      pem = text(document.getConfigMap(), field + ".configMap");
    } else {
      throw new BadInputException(
          Reasons.INVALID_SPEC, field + " takes pem or configMap with PEM certificates");
    }
    try {
      TrustBundle bundle = PemBundle.read(new TrustDomainName("web-pki.invalid"), pem);
      if (bundle.isEmpty()) {
        throw new BadInputException(Reasons.INVALID_BUNDLE, field + " holds no certificate");
      }
      return PemBundle.write(bundle);
    } catch (BundleFormatException e) {
      throw new BadInputException(Reasons.INVALID_BUNDLE, field + ": " + e.getMessage());
    }
  }

  private String text(ConfigMapKeyRef ref, String field)
      throws BadInputException, SourceUnavailableException {
    if (ref.getNamespace() == null || ref.getName() == null || ref.getKey() == null) {
      throw new BadInputException(Reasons.INVALID_SPEC, field + " needs namespace, name and key");
    }
    if (!operatorNamespace.equals(ref.getNamespace())) {
      throw new BadInputException(
          Reasons.INVALID_SPEC,
          field
              + ".namespace is "
              + Text.quote(ref.getNamespace())
              + "; a bundle source ConfigMap must be in the operator's namespace ("
              + operatorNamespace
              + "), where only administrators write: whoever edits it chooses the roots"
              + " workloads trust");
    }
    ConfigMap cm =
        client.configMaps().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
    if (cm == null) {
      throw new SourceUnavailableException(
          "ConfigMap " + describe(ref) + " (" + field + ") does not exist");
    }
    String text = cm.getData() == null ? null : cm.getData().get(ref.getKey());
    if (text == null) {
      throw new SourceUnavailableException(
          "ConfigMap "
              + describe(ref)
              + " has no key "
              + Text.quote(ref.getKey())
              + " ("
              + field
              + ")");
    }
    return text;
  }

  private static String describe(ConfigMapKeyRef ref) {
    return ref.getNamespace() + "/" + ref.getName();
  }

  private static TrustBundle parse(
      String text, TrustDomainName trustDomain, String field, boolean pem)
      throws BadInputException {
    TrustBundle bundle;
    try {
      bundle = pem ? PemBundle.read(trustDomain, text) : SpiffeBundleJson.read(trustDomain, text);
    } catch (BundleFormatException e) {
      throw new BadInputException(
          Reasons.INVALID_BUNDLE,
          field
              + " is not a valid "
              + (pem ? "PEM bundle" : "SPIFFE bundle")
              + ": "
              + e.getMessage());
    }
    try {
      ForeignBundles.requireUsable(bundle);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(Reasons.INVALID_BUNDLE, field + ": " + e.getMessage());
    }
    return bundle;
  }
}
