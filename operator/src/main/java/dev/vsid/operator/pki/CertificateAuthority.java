package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.text.Text;
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
  private final Instant issuableUntil;

  CertificateAuthority(
      TrustDomainName trustDomain,
      List<X509Certificate> suppliedChain,
      List<X509Certificate> roots,
      PrivateKey privateKey,
      KeyType keyType) {
    if (!X509SvidChecker.keyMatches(suppliedChain.get(0), privateKey)) {
      // The issuer relies on this: it does not verify each SVID's signature again.
      throw new IllegalArgumentException("the CA's private key does not match its certificate");
    }
    this.trustDomain = trustDomain;
    this.certificate = suppliedChain.get(0);
    this.selfSigned = Certificates.isSelfSigned(certificate);
    this.roots = List.copyOf(roots);
    this.chain = signingChain(suppliedChain, this.roots);
    this.privateKey = privateKey;
    this.signingKey = CryptoSupport.forBouncyCastle(privateKey);
    this.keyType = keyType;
    this.fingerprint = Fingerprints.sha256(certificate);
    this.issuableUntil = earliestNotAfter(suppliedChain, this.roots);
  }

  /**
   * Loads a CA from PEM and checks that it can issue SVIDs for {@code trustDomain}: the signing
   * certificate and every intermediate must pass {@link X509SvidChecker#checkSigningCertificate(
   * X509Certificate, TrustDomainName)}, the key must match, and the chain must lead to a root.
   * {@code rootsPem} holds the trust anchors; for a self-signed CA it may be the CA certificate
   * itself, and when it is null or blank the top of the chain is used if that is self-signed.
   * Validity times are not checked; see the overload with a clock.
   */
  public static CertificateAuthority fromPem(
      TrustDomainName trustDomain, String certChainPem, String keyPem, String rootsPem)
      throws PkiException {
    return CaPemLoader.load(trustDomain, certChainPem, keyPem, rootsPem, null);
  }

  /**
   * As {@link #fromPem(TrustDomainName, String, String, String)}, and also refuses the CA when the
   * signing certificate, an intermediate or the root that anchors them is not yet valid, has
   * expired, or has less than {@code minimumLifetimeLeft} left at {@code clock}'s instant.
   */
  public static CertificateAuthority fromPem(
      TrustDomainName trustDomain,
      String certChainPem,
      String keyPem,
      String rootsPem,
      Clock clock,
      Duration minimumLifetimeLeft)
      throws PkiException {
    CaLifetime lifetime = new CaLifetime(clock, minimumLifetimeLeft);
    return CaPemLoader.load(trustDomain, certChainPem, keyPem, rootsPem, lifetime);
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

  /**
   * The last instant an SVID from this CA may be valid: the earliest notAfter of the signing
   * certificate, the intermediates above it, and the root that issued the top of the chain.
   */
  public Instant issuableUntil() {
    return issuableUntil;
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
        + Text.oneLine(subject())
        + ", fingerprint="
        + fingerprint
        + "]";
  }

  private static Instant earliestNotAfter(
      List<X509Certificate> supplied, List<X509Certificate> roots) {
    Instant earliest = Instant.MAX;
    for (X509Certificate cert : supplied) {
      earliest = earlier(earliest, cert);
    }
    X509Certificate top = supplied.get(supplied.size() - 1);
    for (X509Certificate root : roots) {
      if (root.equals(top) || Certificates.signs(root, top)) {
        earliest = earlier(earliest, root);
      }
    }
    return earliest;
  }

  private static Instant earlier(Instant instant, X509Certificate cert) {
    Instant notAfter = cert.getNotAfter().toInstant();
    return notAfter.isBefore(instant) ? notAfter : instant;
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
