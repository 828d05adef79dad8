package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The rules for a certificate that signs SVIDs or other CAs (section B of the conformance cases):
 * its shape (a CA that may sign certificates and does nothing else) and its identity (no URI SAN,
 * or exactly the trust domain ID, never a workload ID).
 */
final class SigningCertificateRules {
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;
  private static final String[] USAGE_NAMES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };

  private SigningCertificateRules() {}

  /** Shape and identity; {@code expected} may be null when any trust domain will do. */
  static void check(X509Certificate cert, TrustDomainName expected) throws SvidCheckException {
    checkShape(cert);
    checkIdentity(cert, expected);
  }

  /** basicConstraints cA=TRUE and keyUsage keyCertSign, with only CA usages beside it. */
  static void checkShape(X509Certificate cert) throws SvidCheckException {
    if (!Certificates.hasExtension(cert, Extension.basicConstraints)) {
      throw new SvidCheckException("signing certificate has no basicConstraints extension");
    }
    if (cert.getBasicConstraints() < 0) {
      throw new SvidCheckException("signing certificate is not a CA (basicConstraints cA=FALSE)");
    }
    boolean[] usage = cert.getKeyUsage();
    if (usage == null) {
      throw new SvidCheckException("signing certificate has no keyUsage extension");
    }
    if (!isSet(usage, KEY_CERT_SIGN)) {
      throw new SvidCheckException("signing certificate lacks the keyCertSign key usage");
    }
    checkOnlyCaUsages(usage);
  }

  /**
   * No URI SAN, or exactly one that is the trust domain ID (X509-SVID §3.2: no path). When {@code
   * expected} is given, the ID must be that trust domain's.
   */
  static void checkIdentity(X509Certificate cert, TrustDomainName expected)
      throws SvidCheckException {
    List<String> uris = Certificates.uriSans(cert);
    if (uris.isEmpty()) {
      return;
    }
    String wanted = expected == null ? "the trust domain ID" : expected.id().toString();
    if (uris.size() > 1) {
      throw new SvidCheckException(
          "signing certificate has "
              + uris.size()
              + " URI SANs; a SPIFFE CA may have only one, "
              + wanted);
    }
    SpiffeId id = spiffeId(uris.get(0), wanted);
    if (expected != null && !id.trustDomain().equals(expected)) {
      throw new SvidCheckException(
          "signing certificate belongs to trust domain "
              + id.trustDomain()
              + ", not "
              + expected
              + "; its URI SAN must be "
              + wanted);
    }
    if (!id.isTrustDomainId()) {
      throw new SvidCheckException(
          "signing certificate URI SAN "
              + id
              + " has a path; a CA's URI SAN must be the trust domain ID "
              + id.trustDomain().id());
    }
  }

  private static void checkOnlyCaUsages(boolean[] usage) throws SvidCheckException {
    for (int bit = 0; bit < usage.length; bit++) {
      boolean allowed = bit == KEY_CERT_SIGN || bit == CRL_SIGN || bit == DIGITAL_SIGNATURE;
      if (usage[bit] && !allowed) {
        throw new SvidCheckException(
            "signing certificate key usage may hold only keyCertSign, cRLSign and"
                + " digitalSignature, but also has "
                + usageName(bit));
      }
    }
  }

  private static SpiffeId spiffeId(String uri, String wanted) throws SvidCheckException {
    try {
      return SpiffeId.parse(uri);
    } catch (InvalidSpiffeIdException e) {
      throw new SvidCheckException(
          "signing certificate URI SAN is not a SPIFFE ID ("
              + e.getMessage()
              + "); a CA's URI SAN must be "
              + wanted);
    }
  }

  private static String usageName(int bit) {
    return bit < USAGE_NAMES.length ? USAGE_NAMES[bit] : "bit " + bit;
  }

  private static boolean isSet(boolean[] usage, int bit) {
    return bit < usage.length && usage[bit];
  }
}
