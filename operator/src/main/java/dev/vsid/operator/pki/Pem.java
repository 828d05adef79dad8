package dev.vsid.operator.pki;

import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** PEM encoding and decoding of certificates and private keys. */
public final class Pem {
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PKCS8 = "PRIVATE KEY";
  private static final String SEC1 = "EC PRIVATE KEY";
  private static final String PKCS1 = "RSA PRIVATE KEY";
  private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";
  private static final Set<String> KEY_LABELS = Set.of(PKCS8, SEC1, PKCS1, ENCRYPTED);

  private Pem() {}

  /** Certificates as consecutive "BEGIN CERTIFICATE" blocks, in the given order. */
  public static String encodeCertificates(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      pem.append(PemBlocks.encode(CERTIFICATE, encoded(certificate)));
    }
    return pem.toString();
  }

  /** A private key as a PKCS#8 "BEGIN PRIVATE KEY" block. */
  public static String encodePrivateKey(PrivateKey key) {
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("the private key has no PKCS#8 encoding");
    }
    try {
      return PemBlocks.encode(PKCS8, der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** All "BEGIN CERTIFICATE" blocks of {@code pem}, in order; other text is ignored. */
  public static List<X509Certificate> parseCertificates(String pem) throws PkiException {
    List<PemBlocks.Block> blocks = PemBlocks.parse(pem);
    List<X509Certificate> certificates = new ArrayList<>();
    for (PemBlocks.Block block : blocks) {
      if (block.label().equals(CERTIFICATE)) {
        certificates.add(toCertificate(block));
      }
    }
    if (certificates.isEmpty()) {
      throw new PkiException("no PEM certificate (BEGIN CERTIFICATE) found" + found(blocks));
    }
    return certificates;
  }

  /**
   * The one private key of {@code pem}: PKCS#8 ("BEGIN PRIVATE KEY"), SEC1 ("BEGIN EC PRIVATE KEY")
   * or PKCS#1 ("BEGIN RSA PRIVATE KEY"), returned as a JDK key. Encrypted keys are refused.
   */
  public static PrivateKey parsePrivateKey(String pem) throws PkiException {
    List<PemBlocks.Block> blocks = PemBlocks.parse(pem);
    List<PemBlocks.Block> keys =
        blocks.stream().filter(b -> KEY_LABELS.contains(b.label())).collect(Collectors.toList());
    if (keys.isEmpty()) {
      throw new PkiException(
          "no PEM private key (PKCS#8, or SEC1 for EC, or PKCS#1 for RSA) found" + found(blocks));
    }
    if (keys.size() > 1) {
      throw new PkiException(
          "the PEM data holds " + keys.size() + " private keys; supply exactly one");
    }
    return toPrivateKey(keys.get(0));
  }

  private static PrivateKey toPrivateKey(PemBlocks.Block block) throws PkiException {
    if (block.label().equals(ENCRYPTED) || block.hasHeaders()) {
      throw new PkiException("the private key is encrypted; supply it unencrypted, as PKCS#8");
    }
    byte[] der = block.der();
    try {
      switch (block.label()) {
        case SEC1:
          return PrivateKeys.fromSec1(der);
        case PKCS1:
          return PrivateKeys.fromPkcs1(der);
        default:
          return PrivateKeys.fromPkcs8(der);
      }
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static X509Certificate toCertificate(PemBlocks.Block block) throws PkiException {
    String what = "PEM block " + block.position() + " (CERTIFICATE)";
    X509Certificate certificate;
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      certificate =
          (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der()));
    } catch (CertificateException | RuntimeException e) {
      throw new PkiException(what + " is not a valid X.509 certificate");
    }
    if (!Arrays.equals(encoded(certificate), block.der())) {
      throw new PkiException(what + " has data after the certificate");
    }
    return certificate;
  }

  /** The labels of the blocks found, for a message; a key's label in lower case. */
  private static String found(List<PemBlocks.Block> blocks) {
    if (blocks.isEmpty()) {
      return " (the text holds no PEM block)";
    }
    String labels =
        blocks.stream()
            .map(b -> PemBlocks.shown(b.label()))
            .distinct()
            .collect(Collectors.joining(", "));
    return " (found only: " + labels + ")";
  }

  static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate could not be re-encoded", e);
    }
  }
}
