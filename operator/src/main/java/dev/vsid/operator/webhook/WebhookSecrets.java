package dev.vsid.operator.webhook;

import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.TlsCredential;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layout of the webhook's two Secrets in the operator's namespace. {@value #CA_SECRET}: the
 * webhook CA ({@code tls.crt}, {@code tls.key}) and {@code ca.crt}, the CA certificates the API
 * server is told to trust (the active CA first, then any older CA still needed). {@value
 * #SERVING_SECRET}: the serving certificate ({@code tls.crt}, {@code tls.key}) and the CA that
 * signed it ({@code ca.crt}).
 */
public final class WebhookSecrets {
  public static final String CA_SECRET = "vsid-webhook-ca";
  public static final String SERVING_SECRET = "vsid-webhook-tls";
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String BUNDLE = "ca.crt";
  static final String COMPONENT = "webhook";
  private static final Set<String> NAMES = Set.of(CA_SECRET, SERVING_SECRET);

  private WebhookSecrets() {}

  /** True for a Secret name that the operator keeps for the webhook in its own namespace. */
  public static boolean isReservedName(String secretName) {
    return NAMES.contains(secretName);
  }

  /** The webhook CA as stored: the active CA and the CA certificates to trust. */
  record StoredCa(TlsCredential active, List<X509Certificate> bundle) {}

  static Secret build(String namespace, String name, TlsCredential credential, String bundlePem) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.COMPONENT, COMPONENT))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(
            Map.of(
                CERT, base64(credential.certificatePem()),
                KEY, base64(credential.privateKeyPem()),
                BUNDLE, base64(bundlePem)))
        .build();
  }

  /** {@code current} with its data replaced, keeping its metadata (and resourceVersion). */
  static Secret replacing(
      Secret current, String namespace, TlsCredential credential, String bundlePem) {
    Secret fresh = build(namespace, current.getMetadata().getName(), credential, bundlePem);
    return new SecretBuilder(current)
        .editMetadata()
        .addToLabels(fresh.getMetadata().getLabels())
        .endMetadata()
        .withType(fresh.getType())
        .withData(fresh.getData())
        .withStringData(null)
        .build();
  }

  static StoredCa readCa(Secret secret) throws PkiException {
    TlsCredential active = credential(secret);
    List<X509Certificate> bundle = Pem.parseCertificates(text(secret, BUNDLE));
    if (!bundle.contains(active.certificate())) {
      throw new PkiException("ca.crt does not hold the CA certificate of tls.crt");
    }
    return new StoredCa(active, bundle);
  }

  static TlsCredential credential(Secret secret) throws PkiException {
    return TlsCredential.fromPem(text(secret, CERT), text(secret, KEY));
  }

  private static String text(Secret secret, String key) throws PkiException {
    Map<String, String> data = secret.getData();
    String value = data == null ? null : data.get(key);
    if (value == null) {
      throw new PkiException(key + " is missing");
    }
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new PkiException(key + " is not valid base64");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
