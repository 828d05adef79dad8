package dev.vsid.operator.pki;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A certificate with its private key, for TLS: a small CA or a serving certificate. The key is
 * known to match the certificate. {@link #toString()} never shows the key.
 */
public final class TlsCredential {
  private static final int DNS_NAME = 2;

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  TlsCredential(X509Certificate certificate, PrivateKey privateKey) {
    if (!X509SvidChecker.keyMatches(certificate, privateKey)) {
      throw new IllegalArgumentException("the private key does not match the certificate");
    }
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Reads the first certificate of {@code certificatePem} and the one private key of {@code
   * keyPem}, and checks that they belong together.
   */
  public static TlsCredential fromPem(String certificatePem, String keyPem) throws PkiException {
    X509Certificate certificate = Pem.parseCertificates(certificatePem).get(0);
    PrivateKey key = Pem.parsePrivateKey(keyPem);
    if (!X509SvidChecker.keyMatches(certificate, key)) {
      throw new PkiException("the private key does not match the certificate");
    }
    return new TlsCredential(certificate, key);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The certificate as PEM. */
  public String certificatePem() {
    return Pem.encodeCertificates(List.of(certificate));
  }

  /** The private key as PKCS#8 PEM. */
  public String privateKeyPem() {
    return Pem.encodePrivateKey(privateKey);
  }

  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** The serial number in lowercase hex, as openssl prints it. */
  public String serialNumberHex() {
    return Fingerprints.serialNumber(certificate);
  }

  /** True when {@code issuer}'s key signed this certificate and it names that issuer. */
  public boolean isSignedBy(X509Certificate issuer) {
    return Certificates.signs(issuer, certificate);
  }

  /** The DNS names of the subjectAlternativeName extension, in order. */
  public List<String> dnsNames() {
    return dnsNames(certificate);
  }

  /** The DNS names of a certificate's subjectAlternativeName extension, in order. */
  public static List<String> dnsNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans == null) {
        return names;
      }
      for (List<?> san : sans) {
        if (san.size() == 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))) {
          names.add(String.valueOf(san.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return names;
  }

  @Override
  public String toString() {
    return "TlsCredential[serial=" + serialNumberHex() + ", notAfter=" + notAfter() + "]";
  }
}
