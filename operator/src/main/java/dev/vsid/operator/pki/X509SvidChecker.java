package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Checks certificates against the X509-SVID profile (SPIFFE X509-SVID §3-§5) and the stricter rules
 * an issuer holds itself to. Nothing here looks at validity times.
 */
public final class X509SvidChecker {
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_ENCIPHERMENT = 2;
  private static final int KEY_AGREEMENT = 4;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;
  private static final String SERVER_AUTH = KeyPurposeId.id_kp_serverAuth.getId();
  private static final String CLIENT_AUTH = KeyPurposeId.id_kp_clientAuth.getId();

  private X509SvidChecker() {}

  /** A certificate that breaks the X509-SVID profile or does not verify; the message is short. */
  public static class SvidCheckException extends PkiException {
    private static final long serialVersionUID = 1L;

    public SvidCheckException(String message) {
      super(message);
    }
  }

  /** Checks a leaf X509-SVID's shape and returns its SPIFFE ID. */
  public static SpiffeId checkLeaf(X509Certificate leaf) throws SvidCheckException {
    try {
      SpiffeId id = leafId(leaf);
      checkLeafIsNotCa(leaf);
      checkLeafKeyUsage(leaf);
      checkLeafExtendedKeyUsage(leaf);
      checkSubjectOrCriticalSan(leaf);
      return id;
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  /**
   * A certificate the JDK parsed but an extension or name of which another parser cannot read:
   * reported as a failed check, never as an unexpected exception.
   */
  static SvidCheckException malformed(RuntimeException e) {
    return new SvidCheckException(
        "the certificate has a malformed name or extension (" + e.getClass().getSimpleName() + ")");
  }

  /**
   * Checks a certificate above the leaf (section B): a CA with keyCertSign and no usages beyond
   * keyCertSign, cRLSign and digitalSignature, and at most one URI SAN, which must be a trust
   * domain ID (no path).
   */
  public static void checkSigningCertificate(X509Certificate cert) throws SvidCheckException {
    try {
      SigningCertificateRules.check(cert, null);
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  /**
   * As {@link #checkSigningCertificate(X509Certificate)}, and a URI SAN, when there is one, must be
   * {@code expected}'s trust domain ID.
   */
  public static void checkSigningCertificate(X509Certificate cert, TrustDomainName expected)
      throws SvidCheckException {
    Objects.requireNonNull(expected, "expected");
    try {
      SigningCertificateRules.check(cert, expected);
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  /** Checks a leaf's shape and that its URI SAN is {@code expected} (an issuer's self-check). */
  static void checkLeafIs(X509Certificate leaf, SpiffeId expected) throws SvidCheckException {
    SpiffeId actual = checkLeaf(leaf);
    if (!actual.equals(expected)) {
      throw new SvidCheckException(
          "expected URI SAN \"" + expected + "\" but the certificate has \"" + actual + "\"");
    }
  }

  /** Checks that {@code issuer}'s name and key issued {@code cert}. */
  public static void checkSignedBy(X509Certificate cert, X509Certificate issuer)
      throws SvidCheckException {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new SvidCheckException(
          "certificate issuer \""
              + cert.getIssuerX500Principal().getName()
              + "\" is not the signer's subject \""
              + issuer.getSubjectX500Principal().getName()
              + "\"");
    }
    try {
      cert.verify(issuer.getPublicKey(), CryptoSupport.provider());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SvidCheckException("certificate signature does not verify with the signer's key");
    }
  }

  /** True when {@code key} is the private half of the certificate's public key. */
  public static boolean keyMatches(X509Certificate cert, PrivateKey key) {
    if (cert == null || key == null) {
      return false;
    }
    return CryptoSupport.signsFor(key, cert.getPublicKey());
  }

  private static SpiffeId leafId(X509Certificate leaf) throws SvidCheckException {
    List<String> uris = Certificates.uriSans(leaf);
    if (uris.size() != 1) {
      throw new SvidCheckException(
          "leaf certificate must have exactly one URI SAN, found " + uris.size());
    }
    SpiffeId id;
    try {
      id = SpiffeId.parse(uris.get(0));
    } catch (InvalidSpiffeIdException e) {
      throw new SvidCheckException("leaf URI SAN is not a valid SPIFFE ID: " + e.getMessage());
    }
    if (id.isTrustDomainId()) {
      throw new SvidCheckException(
          "leaf SPIFFE ID " + id + " is a trust domain ID; an SVID needs a path");
    }
    return id;
  }

  private static void checkLeafIsNotCa(X509Certificate leaf) throws SvidCheckException {
    if (!Certificates.hasExtension(leaf, Extension.basicConstraints)) {
      throw new SvidCheckException("leaf certificate has no basicConstraints extension");
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new SvidCheckException("leaf certificate is a CA (basicConstraints cA=TRUE)");
    }
  }

  private static void checkLeafKeyUsage(X509Certificate leaf) throws SvidCheckException {
    boolean[] usage = leaf.getKeyUsage();
    if (usage == null) {
      throw new SvidCheckException("leaf certificate has no keyUsage extension");
    }
    if (!Certificates.isCritical(leaf, Extension.keyUsage)) {
      throw new SvidCheckException("leaf keyUsage extension is not marked critical");
    }
    if (!isSet(usage, DIGITAL_SIGNATURE)) {
      throw new SvidCheckException("leaf key usage lacks digitalSignature");
    }
    if (isSet(usage, KEY_CERT_SIGN)) {
      throw new SvidCheckException("leaf key usage includes keyCertSign");
    }
    if (isSet(usage, CRL_SIGN)) {
      throw new SvidCheckException("leaf key usage includes cRLSign");
    }
    for (int bit = 0; bit < usage.length; bit++) {
      boolean allowed = bit == DIGITAL_SIGNATURE || bit == KEY_ENCIPHERMENT || bit == KEY_AGREEMENT;
      if (usage[bit] && !allowed) {
        throw new SvidCheckException(
            "leaf key usage may hold only digitalSignature, keyEncipherment and keyAgreement");
      }
    }
  }

  private static void checkLeafExtendedKeyUsage(X509Certificate leaf) throws SvidCheckException {
    List<String> purposes;
    try {
      purposes = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new SvidCheckException("leaf extendedKeyUsage extension is malformed");
    }
    if (purposes == null) {
      return;
    }
    boolean server = purposes.contains(SERVER_AUTH);
    boolean client = purposes.contains(CLIENT_AUTH);
    if (!server || !client) {
      String missing = server ? "clientAuth" : client ? "serverAuth" : "serverAuth and clientAuth";
      throw new SvidCheckException("leaf extended key usage lacks " + missing);
    }
  }

  private static void checkSubjectOrCriticalSan(X509Certificate leaf) throws SvidCheckException {
    X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
    boolean emptySubject = subject.getRDNs().length == 0;
    if (emptySubject && !Certificates.isCritical(leaf, Extension.subjectAlternativeName)) {
      throw new SvidCheckException(
          "leaf subject is empty, so its subjectAlternativeName must be critical");
    }
  }

  private static boolean isSet(boolean[] usage, int bit) {
    return bit < usage.length && usage[bit];
  }
}
