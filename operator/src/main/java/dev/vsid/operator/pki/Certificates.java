package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Small readers of certificate fields that the JDK's X509Certificate does not expose well. */
final class Certificates {
  private Certificates() {}

  /**
   * Every URI in the subjectAlternativeName extension, exactly as encoded (the JDK's own reader
   * goes through java.net.URI, which may reject or reinterpret what it reads).
   */
  static List<String> uriSans(X509Certificate certificate) throws SvidCheckException {
    byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
    List<String> uris = new ArrayList<>();
    if (extension == null) {
      return uris;
    }
    try {
      byte[] value = ASN1OctetString.getInstance(extension).getOctets();
      for (GeneralName name : GeneralNames.getInstance(value).getNames()) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
          uris.add(ASN1IA5String.getInstance(name.getName()).getString());
        }
      }
    } catch (RuntimeException e) {
      throw new SvidCheckException("the subjectAlternativeName extension is malformed");
    }
    return uris;
  }

  static boolean isCritical(X509Certificate certificate, ASN1ObjectIdentifier extension) {
    return certificate.getCriticalExtensionOIDs() != null
        && certificate.getCriticalExtensionOIDs().contains(extension.getId());
  }

  static boolean hasExtension(X509Certificate certificate, ASN1ObjectIdentifier extension) {
    return certificate.getExtensionValue(extension.getId()) != null;
  }

  /** The subjectKeyIdentifier, or null when the certificate has none or it is malformed. */
  static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension == null) {
      return null;
    }
    try {
      byte[] value = ASN1OctetString.getInstance(extension).getOctets();
      return SubjectKeyIdentifier.getInstance(value).getKeyIdentifier();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The keyIdentifier of the authorityKeyIdentifier, or null when absent or malformed. */
  static byte[] authorityKeyIdentifier(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (extension == null) {
      return null;
    }
    try {
      byte[] value = ASN1OctetString.getInstance(extension).getOctets();
      return AuthorityKeyIdentifier.getInstance(value).getKeyIdentifier();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
  static byte[] keyIdentifier(PublicKey key) {
    byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    try {
      return MessageDigest.getInstance("SHA-1").digest(bits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  /** Same subject and issuer, and the certificate's own key verifies its signature. */
  static boolean isSelfSigned(X509Certificate certificate) {
    return signs(certificate, certificate);
  }

  /** {@code certificate} names {@code issuer}'s subject as its issuer and its key verifies it. */
  static boolean signs(X509Certificate issuer, X509Certificate certificate) {
    if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(issuer.getPublicKey(), CryptoSupport.provider());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
