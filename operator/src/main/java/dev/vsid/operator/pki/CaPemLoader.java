package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads a user-supplied CA from PEM and checks that it can issue SVIDs for a trust domain: every
 * certificate of the chain against the signing-certificate rules, the key pair, the links up to a
 * root and, when a {@link CaLifetime} is given, the time each certificate has left.
 */
final class CaPemLoader {
  private static final String SHAPE_HINT =
      "; use a CA certificate with basicConstraints CA:TRUE and keyUsage keyCertSign"
          + " (cRLSign and digitalSignature may be added)";

  private CaPemLoader() {}

  static CertificateAuthority load(
      TrustDomainName trustDomain,
      String chainPem,
      String keyPem,
      String rootsPem,
      CaLifetime lifetime)
      throws PkiException {
    Objects.requireNonNull(trustDomain, "trustDomain");
    List<X509Certificate> chain = certificates("CA certificate", chainPem);
    PrivateKey key = privateKey(keyPem);
    List<X509Certificate> roots = roots(rootsPem, chain);
    X509Certificate signing = chain.get(0);

    checkShape(signing, "the CA certificate");
    KeyType keyType = keyType(signing);
    checkKeyMatches(signing, key);
    checkIdentity(signing, "the CA certificate", trustDomain);
    X509Certificate anchor = checkChain(chain, roots, trustDomain);
    if (lifetime != null) {
      checkLifetime(chain, anchor, lifetime);
    }
    return new CertificateAuthority(trustDomain, chain, roots, key, keyType);
  }

  private static List<X509Certificate> certificates(String what, String pem) throws PkiException {
    try {
      return Pem.parseCertificates(pem);
    } catch (PkiException e) {
      throw new PkiException(what + ": " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(String pem) throws PkiException {
    try {
      return Pem.parsePrivateKey(pem);
    } catch (PkiException e) {
      throw new PkiException("CA private key: " + e.getMessage());
    }
  }

  private static List<X509Certificate> roots(String pem, List<X509Certificate> chain)
      throws PkiException {
    if (pem != null && !pem.isBlank()) {
      List<X509Certificate> roots = new ArrayList<>();
      for (X509Certificate root : certificates("CA roots", pem)) {
        if (!roots.contains(root)) {
          roots.add(root);
        }
      }
      return roots;
    }
    X509Certificate top = chain.get(chain.size() - 1);
    if (!Certificates.isSelfSigned(top)) {
      throw new PkiException(
          "no CA roots were given and the CA chain does not end in a self-signed root;"
              + " supply the root certificates that issued the CA");
    }
    return List.of(top);
  }

  private static void checkShape(X509Certificate cert, String what) throws PkiException {
    try {
      SigningCertificateRules.checkShape(cert);
    } catch (SvidCheckException e) {
      throw new PkiException(
          what
              + " ("
              + describe(cert)
              + ") cannot sign certificates: "
              + e.getMessage()
              + SHAPE_HINT);
    }
  }

  private static void checkIdentity(X509Certificate cert, String what, TrustDomainName expected)
      throws PkiException {
    try {
      SigningCertificateRules.checkIdentity(cert, expected);
    } catch (SvidCheckException e) {
      throw new PkiException(
          what
              + " ("
              + describe(cert)
              + ") is not a CA of trust domain "
              + expected
              + ": "
              + e.getMessage());
    }
  }

  private static KeyType keyType(X509Certificate signing) throws PkiException {
    return KeyType.of(signing.getPublicKey())
        .orElseThrow(
            () ->
                new PkiException(
                    "the CA certificate's key type is not supported; use one of "
                        + KeyType.supportedNames()));
  }

  private static void checkKeyMatches(X509Certificate signing, PrivateKey key) throws PkiException {
    if (!X509SvidChecker.keyMatches(signing, key)) {
      throw new PkiException(
          "the CA private key does not belong to the CA certificate ("
              + describe(signing)
              + "); supply the key that was certified with it");
    }
  }

  /**
   * Each certificate is a CA that signed the one below it, and the top one is, or was issued by,
   * one of the roots; returns that root. Intermediates must belong to {@code trustDomain}; a root
   * that appears in the chain needs only the CA shape (trust anchors are not SVIDs).
   */
  private static X509Certificate checkChain(
      List<X509Certificate> chain, List<X509Certificate> roots, TrustDomainName trustDomain)
      throws PkiException {
    for (int i = 1; i < chain.size(); i++) {
      X509Certificate cert = chain.get(i);
      String what = "CA chain certificate " + (i + 1);
      checkShape(cert, what);
      if (!roots.contains(cert)) {
        checkIdentity(cert, what, trustDomain);
      }
      checkLink(chain.get(i - 1), cert, i);
    }
    X509Certificate top = chain.get(chain.size() - 1);
    if (roots.contains(top)) {
      return top;
    }
    for (X509Certificate root : roots) {
      if (Certificates.signs(root, top)) {
        return root;
      }
    }
    throw new PkiException(
        "the CA certificate chain does not lead to any of the given roots; supply the roots"
            + " that issued it (for a self-signed CA, the CA certificate itself)");
  }

  private static void checkLink(X509Certificate lower, X509Certificate upper, int index)
      throws PkiException {
    try {
      X509SvidChecker.checkSignedBy(lower, upper);
    } catch (SvidCheckException e) {
      throw new PkiException(
          "CA chain certificate "
              + (index + 1)
              + " did not issue certificate "
              + index
              + " ("
              + e.getMessage()
              + "); order the chain from the signing CA up towards the root");
    }
  }

  private static void checkLifetime(
      List<X509Certificate> chain, X509Certificate anchor, CaLifetime lifetime)
      throws PkiException {
    for (int i = 0; i < chain.size(); i++) {
      String what = i == 0 ? "the CA certificate" : "CA chain certificate " + (i + 1);
      lifetime.check(chain.get(i), what + " (" + describe(chain.get(i)) + ")");
    }
    if (!chain.contains(anchor)) {
      lifetime.check(anchor, "the CA root (" + describe(anchor) + ")");
    }
  }

  private static String describe(X509Certificate cert) {
    return "subject "
        + cert.getSubjectX500Principal().getName()
        + ", SHA-256 "
        + Fingerprints.sha256(cert);
  }
}
