package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.CaStatus;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.text.Text;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** Builds the public description of a CA for a TrustDomain's status. */
final class CaStatuses {
  private CaStatuses() {}

  /** A root that is still trusted but no longer signs. */
  static CaStatus ofRoot(X509Certificate root) {
    CaStatus status = new CaStatus();
    status.setSubject(Text.oneLine(root.getSubjectX500Principal().getName(X500Principal.RFC2253)));
    status.setSerialNumber(Fingerprints.serialNumber(root));
    status.setFingerprint(Fingerprints.sha256(root));
    KeyType.of(root.getPublicKey()).ifPresent(type -> status.setKeyType(type.specName()));
    status.setNotBefore(root.getNotBefore().toInstant().toString());
    status.setNotAfter(root.getNotAfter().toInstant().toString());
    return status;
  }

  static CaStatus of(CertificateAuthority ca, String secretName) {
    CaStatus status = new CaStatus();
    status.setSecretName(secretName);
    status.setSubject(Text.oneLine(ca.subject()));
    status.setSerialNumber(ca.serialNumberHex());
    status.setFingerprint(ca.fingerprint());
    status.setKeyType(ca.keyType().specName());
    status.setNotBefore(ca.certificate().getNotBefore().toInstant().toString());
    status.setNotAfter(ca.notAfter().toString());
    return status;
  }
}
