package dev.vsid.operator.bundle;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed CA certificates of shapes the operator never issues: no SPIFFE ID, a URI SAN that is
 * not a valid SPIFFE ID, or a key of a type a JWK cannot carry here. Built with Bouncy Castle and
 * the JDK's providers; test-only.
 */
final class HandMadeCertificates {
  private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOT_AFTER = Instant.parse("2045-01-01T00:00:00Z");

  private HandMadeCertificates() {}

  /** An EC P-256 root with only a common name, like go-spiffe's CN=PEMUTILTEST1. */
  static X509Certificate withoutSpiffeId(String commonName) throws Exception {
    KeyPair keys = generate("EC", 256);
    return selfSigned(keys, "CN=" + commonName, null, "SHA256withECDSA");
  }

  /** An RSA root whose URI SAN is {@code uri}, valid or not as a SPIFFE ID. */
  static X509Certificate rsaWithUri(String uri) throws Exception {
    KeyPair keys = generate("RSA", 2048);
    return selfSigned(keys, "O=SPIFFE", uri, "SHA256withRSA");
  }

  /** An EC P-256 root for the given key pair. */
  static X509Certificate ecFor(KeyPair keys) throws Exception {
    return selfSigned(keys, "O=test,CN=ec", null, "SHA256withECDSA");
  }

  /** An Ed448 root: a valid certificate whose key this project cannot write as a JWK. */
  static X509Certificate ed448() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
    return selfSigned(keys, "O=test,CN=ed448", null, "Ed448");
  }

  static KeyPair generate(String algorithm, int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private static X509Certificate selfSigned(KeyPair keys, String name, String uri, String signature)
      throws Exception {
    X500Name subject = new X500Name(name);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(64, RANDOM).add(BigInteger.ONE),
            Date.from(NOT_BEFORE),
            Date.from(NOT_AFTER),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    if (uri != null) {
      GeneralNames names =
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
      builder.addExtension(Extension.subjectAlternativeName, false, names);
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
  }
}
