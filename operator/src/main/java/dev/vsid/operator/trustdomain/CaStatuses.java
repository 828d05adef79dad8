package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.CaStatus;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.text.Text;

/** Builds the public description of a CA for a TrustDomain's status. */
final class CaStatuses {
  private CaStatuses() {}

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
