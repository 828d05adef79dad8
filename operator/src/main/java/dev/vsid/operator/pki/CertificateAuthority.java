package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A CA of one trust domain that can sign X509-SVIDs: its signing certificate, the chain above it,
 * the roots to publish, and its private key. {@link #toString()} never shows the key.
 */
public final class CertificateAuthority {
  private final TrustDomainName trustDomain;
  private final X509Certificate certificate;
  private final List<X509Certificate> chain;
  private final List<X509Certificate> roots;
  private final PrivateKey privateKey;
  private final PrivateKey signingKey;
  private final KeyType keyType;
  private final boolean selfSigned;
  private final String fingerprint;

  CertificateAuthority(
      TrustDomainName trustDomain,
      List<X509Certificate> suppliedChain,
      List<X509Certificate> roots,
      PrivateKey privateKey,
      KeyType keyType) {
    this.trustDomain = trustDomain;
    this.certificate = suppliedChain.get(0);
    this.selfSigned = Certificates.isSelfSigned(certificate);
    this.roots = List.copyOf(roots);
    this.chain = signingChain(suppliedChain, this.roots);
    this.privateKey = privateKey;
    this.signingKey = CryptoSupport.forBouncyCastle(privateKey);
    this.keyType = keyType;
    this.fingerprint = Fingerprints.sha256(certificate);
  }

  /**
   * Loads a CA from PEM and checks that it can issue SVIDs for {@code trustDomain}. {@code
   * rootsPem} holds the trust anchors; for a self-signed CA it may be the CA certificate itself,
   * and when it is null or blank the top of the chain is used if that is self-signed.
   */
  public static CertificateAuthority fromPem(
      TrustDomainName trustDomain, String certChainPem, String keyPem, String rootsPem)
      throws PkiException {
    return CaPemLoader.load(trustDomain, certChainPem, keyPem, rootsPem);
  }

  /** A new self-signed root for {@code trustDomain}, valid from 5 minutes ago for {@code ttl}. */
  public static CertificateAuthority generateRoot(
      TrustDomainName trustDomain, KeyType keyType, Duration ttl, Clock clock) {
    return RootCaGenerator.generate(trustDomain, keyType, ttl, clock);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The signing certificate and the intermediates above it; never a root above it. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The trust anchors to publish in the trust bundle. */
  public List<X509Certificate> roots() {
    return roots;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public TrustDomainName trustDomain() {
    return trustDomain;
  }

  public KeyType keyType() {
    return keyType;
  }

  /** SHA-256 of the signing certificate, {@code ab:cd:...}. */
  public String fingerprint() {
    return fingerprint;
  }

  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** The signing certificate's subject in RFC 2253 form, such as {@code CN=example.org,O=vsid}. */
  public String subject() {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  /** The signing certificate's serial number in lowercase hex without separators. */
  public String serialNumberHex() {
    return Fingerprints.serialNumber(certificate);
  }

  /** The private key as the package's signing provider prefers it; never handed out. */
  PrivateKey signingKey() {
    return signingKey;
  }

  /** True when the signing certificate is a self-signed root. */
  boolean isSelfSignedRoot() {
    return selfSigned;
  }

  @Override
  public String toString() {
    return "CertificateAuthority[trustDomain="
        + trustDomain
        + ", subject="
        + subject()
        + ", fingerprint="
        + fingerprint
        + "]";
  }

  private static List<X509Certificate> signingChain(
      List<X509Certificate> supplied, List<X509Certificate> roots) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(supplied.get(0));
    for (X509Certificate above : supplied.subList(1, supplied.size())) {
      if (!roots.contains(above) && !Certificates.isSelfSigned(above)) {
        chain.add(above);
      }
    }
    return List.copyOf(chain);
  }
}
