package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads an X509-SVID that one holds, such as {@code tls.crt} and {@code tls.key} (section D of the
 * conformance cases): certificates and key from PEM, the leaf and the certificates above it by the
 * X509-SVID profile, and that the key belongs to the leaf. No time or signature is checked.
 * Messages name PEM blocks by label and position, never by content.
 */
public final class X509SvidParser {
  private X509SvidParser() {}

  /** Parses a certificate chain PEM (leaf first) and the leaf's private key PEM. */
  public static Svid parseSvid(String certPem, String keyPem) throws SvidCheckException {
    List<X509Certificate> chain = certificates(certPem);
    PrivateKey key = privateKey(keyPem);

    SpiffeId id = X509SvidChecker.checkLeaf(chain.get(0));
    checkSigningCertificates(chain, id);
    checkKeyMatches(chain.get(0), key);
    return new Svid(id, chain, key);
  }

  /** Parses one PEM text that holds the certificates and the key, in any order. */
  public static Svid parseSvid(String combinedPem) throws SvidCheckException {
    return parseSvid(combinedPem, combinedPem);
  }

  private static List<X509Certificate> certificates(String pem) throws SvidCheckException {
    try {
      return Pem.parseCertificates(pem);
    } catch (PkiException e) {
      throw new SvidCheckException("certificates: " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(String pem) throws SvidCheckException {
    try {
      return Pem.parsePrivateKey(pem);
    } catch (PkiException e) {
      throw new SvidCheckException("private key: " + e.getMessage());
    }
  }

  private static void checkSigningCertificates(List<X509Certificate> chain, SpiffeId leafId)
      throws SvidCheckException {
    for (int i = 1; i < chain.size(); i++) {
      try {
        X509SvidChecker.checkSigningCertificate(chain.get(i), leafId.trustDomain());
      } catch (SvidCheckException e) {
        throw new SvidCheckException("certificate " + (i + 1) + ": " + e.getMessage());
      }
    }
  }

  private static void checkKeyMatches(X509Certificate leaf, PrivateKey key)
      throws SvidCheckException {
    if (!X509SvidChecker.keyMatches(leaf, key)) {
      throw new SvidCheckException(
          "the private key does not match the leaf certificate's public key");
    }
  }
}
