package dev.vsid.operator.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates of any shape with Bouncy Castle directly, bypassing the issuer, so that the
 * checker can be shown each defect on its own. Starts as a valid X509-SVID leaf.
 */
final class TestCertificate {
  private X500Name subject = new X500Name("O=test,CN=leaf");
  private X500Name issuer;
  private byte[] authorityKeyId;
  private PrivateKey signingKey;
  private String signatureAlgorithm;
  private KeyPair subjectKeys = KeyType.EC_P256.generate();
  private Boolean ca = false;
  private Integer keyUsage = KeyUsage.digitalSignature;
  private boolean keyUsageCritical = true;
  private List<GeneralName> sans = new ArrayList<>();
  private boolean sanCritical;
  private Instant notBefore;
  private Instant notAfter;
  private KeyPurposeId[] extendedKeyUsage = {
    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
  };

  private TestCertificate(CertificateAuthority signer) {
    this.issuer = CertificateBuilder.nameOf(signer.certificate());
    this.authorityKeyId = Certificates.subjectKeyIdentifier(signer.certificate());
    this.signingKey = signer.privateKey();
    this.signatureAlgorithm = signer.keyType().signatureAlgorithm();
    sans.add(uri("spiffe://example.org/workload"));
  }

  /** A valid leaf signed by {@code signer}, to be spoilt by the methods below. */
  static TestCertificate leafSignedBy(CertificateAuthority signer) {
    return new TestCertificate(signer);
  }

  /** A CA certificate for {@code keys} with the given URI SAN (null for none). */
  static TestCertificate caSignedBy(CertificateAuthority signer, KeyPair keys, String uri) {
    TestCertificate cert = new TestCertificate(signer).subjectKeys(keys).ca(true);
    cert.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
    cert.extendedKeyUsage = null;
    cert.sans.clear();
    if (uri != null) {
      cert.sans.add(uri(uri));
    }
    return cert.subject("O=test,CN=intermediate");
  }

  static GeneralName uri(String value) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, value);
  }

  static GeneralName dns(String value) {
    return new GeneralName(GeneralName.dNSName, value);
  }

  TestCertificate subject(String name) {
    this.subject = new X500Name(name);
    return this;
  }

  TestCertificate emptySubject() {
    this.subject = new X500Name(new RDN[0]);
    return this;
  }

  TestCertificate subjectKeys(KeyPair keys) {
    this.subjectKeys = keys;
    return this;
  }

  /** True or false sets cA; null leaves basicConstraints out. */
  TestCertificate ca(Boolean value) {
    this.ca = value;
    return this;
  }

  /** A {@link KeyUsage} bit mask; null leaves keyUsage out. */
  TestCertificate keyUsage(Integer usage, boolean critical) {
    this.keyUsage = usage;
    this.keyUsageCritical = critical;
    return this;
  }

  TestCertificate sans(GeneralName... names) {
    this.sans = new ArrayList<>(List.of(names));
    return this;
  }

  TestCertificate sanCritical() {
    this.sanCritical = true;
    return this;
  }

  /** The purposes of extendedKeyUsage; none leaves the extension out. */
  TestCertificate extendedKeyUsage(KeyPurposeId... purposes) {
    this.extendedKeyUsage = purposes.length == 0 ? null : purposes;
    return this;
  }

  /** The validity window; by default from a minute ago for an hour. */
  TestCertificate validity(Instant from, Instant until) {
    this.notBefore = from;
    this.notAfter = until;
    return this;
  }

  KeyPair keys() {
    return subjectKeys;
  }

  /** The certificate as parsed by the JDK. */
  X509Certificate build() throws Exception {
    return new JcaX509CertificateConverter().getCertificate(holder());
  }

  /** The certificate as parsed by Bouncy Castle, which accepts shapes the JDK refuses. */
  X509Certificate buildParsedByBouncyCastle() throws Exception {
    return new JcaX509CertificateConverter()
        .setProvider(CryptoSupport.provider())
        .getCertificate(holder());
  }

  private X509CertificateHolder holder() throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            issuer,
            CryptoSupport.randomSerial(),
            Date.from(notBefore != null ? notBefore : now.minus(Duration.ofMinutes(1))),
            Date.from(notAfter != null ? notAfter : now.plus(Duration.ofHours(1))),
            subject,
            SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()));
    byte[] keyId = Certificates.keyIdentifier(subjectKeys.getPublic());
    builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
    builder.addExtension(
        Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
    if (ca != null) {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    }
    if (keyUsage != null) {
      builder.addExtension(Extension.keyUsage, keyUsageCritical, new KeyUsage(keyUsage));
    }
    if (!sans.isEmpty()) {
      GeneralNames names = new GeneralNames(sans.toArray(new GeneralName[0]));
      builder.addExtension(Extension.subjectAlternativeName, sanCritical, names);
    }
    if (extendedKeyUsage != null) {
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extendedKeyUsage));
    }
    JcaContentSignerBuilder signer =
        new JcaContentSignerBuilder(signatureAlgorithm).setProvider(CryptoSupport.provider());
    return builder.build(signer.build(signingKey));
  }
}
