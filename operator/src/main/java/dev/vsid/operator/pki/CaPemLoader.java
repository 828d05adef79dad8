package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Loads a user-supplied CA from PEM and checks that it can issue SVIDs for a trust domain. */
final class CaPemLoader {
  private CaPemLoader() {}

  static CertificateAuthority load(
      TrustDomainName trustDomain, String chainPem, String keyPem, String rootsPem)
      throws PkiException {
    Objects.requireNonNull(trustDomain, "trustDomain");
    List<X509Certificate> chain = certificates("CA certificate", chainPem);
    PrivateKey key = privateKey(keyPem);
    List<X509Certificate> roots = roots(rootsPem, chain);
    X509Certificate signing = chain.get(0);

    checkCanSign(signing, "the CA certificate");
    KeyType keyType = keyType(signing);
    checkKeyMatches(signing, key);
    checkTrustDomain(signing, trustDomain);
    checkChain(chain, roots);
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

  private static void checkCanSign(X509Certificate cert, String what) throws PkiException {
    try {
      X509SvidChecker.checkSigningCertificate(cert);
    } catch (SvidCheckException e) {
      throw new PkiException(
          what
              + " ("
              + describe(cert)
              + ") cannot sign certificates: "
              + e.getMessage()
              + "; use a CA certificate with basicConstraints CA:TRUE and keyUsage keyCertSign");
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

  private static void checkTrustDomain(X509Certificate signing, TrustDomainName trustDomain)
      throws PkiException {
    String expected = trustDomain.id().toString();
    List<String> uris = Certificates.uriSans(signing);
    if (uris.isEmpty()) {
      return;
    }
    if (uris.size() > 1) {
      throw new PkiException(
          "the CA certificate has "
              + uris.size()
              + " URI SANs; a SPIFFE CA may have only one, "
              + expected);
    }
    SpiffeId id = caId(uris.get(0), expected);
    if (!id.trustDomain().equals(trustDomain)) {
      throw new PkiException(
          "the CA certificate belongs to trust domain "
              + id.trustDomain()
              + ", not "
              + trustDomain
              + "; use a CA whose URI SAN is "
              + expected);
    }
    if (!id.isTrustDomainId()) {
      throw new PkiException(
          "the CA certificate's URI SAN "
              + id
              + " has a path; a CA's URI SAN must be the"
              + " trust domain ID "
              + expected);
    }
  }

  private static SpiffeId caId(String uri, String expected) throws PkiException {
    try {
      return SpiffeId.parse(uri);
    } catch (InvalidSpiffeIdException e) {
      throw new PkiException(
          "the CA certificate's URI SAN is not a SPIFFE ID ("
              + e.getMessage()
              + "); a CA's URI SAN must be "
              + expected);
    }
  }

  /** Each certificate is signed by the next one, and the top one is or chains to a root. */
  private static void checkChain(List<X509Certificate> chain, List<X509Certificate> roots)
      throws PkiException {
    for (int i = 1; i < chain.size(); i++) {
      checkCanSign(chain.get(i), "CA chain certificate " + (i + 1));
      checkLink(chain.get(i - 1), chain.get(i), i);
    }
    X509Certificate top = chain.get(chain.size() - 1);
    if (roots.contains(top)) {
      return;
    }
    for (X509Certificate root : roots) {
      if (signs(root, top)) {
        return;
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

  private static boolean signs(X509Certificate issuer, X509Certificate cert) {
    try {
      X509SvidChecker.checkSignedBy(cert, issuer);
      return true;
    } catch (SvidCheckException e) {
      return false;
    }
  }

  private static String describe(X509Certificate cert) {
    return "subject "
        + cert.getSubjectX500Principal().getName()
        + ", SHA-256 "
        + Fingerprints.sha256(cert);
  }
}
