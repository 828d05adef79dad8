package dev.vsid.operator.pki;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds and signs one X.509 v3 certificate. Signing uses the package's Bouncy Castle provider; the
 * result is a certificate parsed by the JDK.
 */
final class CertificateBuilder {
  private final X509v3CertificateBuilder builder;

  CertificateBuilder(
      X500Name issuer, X500Name subject, Instant notBefore, Instant notAfter, PublicKey key) {
    this.builder =
        new X509v3CertificateBuilder(
            issuer,
            CryptoSupport.randomSerial(),
            Date.from(notBefore),
            Date.from(notAfter),
            subject,
            SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  static X500Name nameOf(X509Certificate certificate) {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }

  CertificateBuilder basicConstraints(boolean ca) {
    return add(Extension.basicConstraints, true, new BasicConstraints(ca));
  }

  CertificateBuilder keyUsage(int usage) {
    return add(Extension.keyUsage, true, new KeyUsage(usage));
  }

  CertificateBuilder serverAndClientAuth() {
    KeyPurposeId[] purposes = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
    return add(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
  }

  CertificateBuilder serverAuth() {
    KeyPurposeId[] purposes = {KeyPurposeId.id_kp_serverAuth};
    return add(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
  }

  /** A CA that may sign end-entity certificates only (path length 0). */
  CertificateBuilder caWithoutIntermediates() {
    return add(Extension.basicConstraints, true, new BasicConstraints(0));
  }

  CertificateBuilder subjectKeyIdentifier(PublicKey key) {
    byte[] keyId = Certificates.keyIdentifier(key);
    return add(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
  }

  CertificateBuilder authorityKeyIdentifier(byte[] keyId) {
    return add(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
  }

  /** A non-critical subjectAlternativeName: the URI first, then the DNS names in order. */
  CertificateBuilder subjectAlternativeNames(String uri, List<String> dnsNames) {
    GeneralName[] names = new GeneralName[dnsNames.size() + 1];
    names[0] = new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    for (int i = 0; i < dnsNames.size(); i++) {
      names[i + 1] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
    }
    return add(Extension.subjectAlternativeName, false, new GeneralNames(names));
  }

  /** A non-critical subjectAlternativeName of DNS names only, in order. */
  CertificateBuilder dnsNames(List<String> dnsNames) {
    GeneralName[] names = new GeneralName[dnsNames.size()];
    for (int i = 0; i < dnsNames.size(); i++) {
      names[i] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
    }
    return add(Extension.subjectAlternativeName, false, new GeneralNames(names));
  }

  X509Certificate sign(PrivateKey key, KeyType keyType) {
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(keyType.signatureAlgorithm())
              .setProvider(CryptoSupport.provider())
              .setSecureRandom(CryptoSupport.random())
              .build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException(
          "signing a certificate with " + keyType.signatureAlgorithm() + " failed", e);
    }
  }

  private CertificateBuilder add(ASN1ObjectIdentifier id, boolean critical, ASN1Encodable value) {
    try {
      builder.addExtension(id, critical, value);
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the " + id + " extension", e);
    }
  }
}
