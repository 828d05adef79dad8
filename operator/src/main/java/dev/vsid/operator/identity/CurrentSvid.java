package dev.vsid.operator.identity;

import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** The SVID found in an identity's Secret, or why none usable is there. Prints no key material. */
final class CurrentSvid {
  private final Secret secret;
  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final String problem;

  private CurrentSvid(Secret secret, List<X509Certificate> chain, PrivateKey key, String problem) {
    this.secret = secret;
    this.chain = chain;
    this.key = key;
    this.problem = problem;
  }

  static CurrentSvid read(Secret secret) {
    String certPem = SvidSecrets.text(secret, SvidSecrets.CERT);
    String keyPem = SvidSecrets.text(secret, SvidSecrets.KEY);
    if (certPem == null || keyPem == null) {
      return broken(
          secret,
          (certPem == null ? SvidSecrets.CERT : SvidSecrets.KEY)
              + " is missing or not valid base64");
    }
    try {
      return new CurrentSvid(
          secret, Pem.parseCertificates(certPem), Pem.parsePrivateKey(keyPem), null);
    } catch (PkiException e) {
      return broken(secret, e.getMessage());
    }
  }

  private static CurrentSvid broken(Secret secret, String problem) {
    return new CurrentSvid(secret, List.of(), null, problem);
  }

  Secret secret() {
    return secret;
  }

  /** Why the Secret holds no usable SVID, or null. */
  String problem() {
    return problem;
  }

  X509Certificate leaf() {
    return chain.get(0);
  }

  List<X509Certificate> chain() {
    return chain;
  }

  PrivateKey key() {
    return key;
  }

  String bundlePem() {
    return SvidSecrets.text(secret, SvidSecrets.BUNDLE);
  }

  /** The trust files in the Secret (ca.crt, federated.*.crt, all-roots.crt), decoded. */
  Map<String, String> trustFiles() {
    return SvidSecrets.trustFiles(secret);
  }

  String ttlAnnotation() {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.TTL_ANNOTATION);
  }

  @Override
  public String toString() {
    return "SVID in Secret "
        + secret.getMetadata().getNamespace()
        + "/"
        + secret.getMetadata().getName();
  }
}
