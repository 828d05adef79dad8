package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Issues X509-SVIDs: one URI SAN, CA:FALSE, keyUsage digitalSignature only, serverAuth and
 * clientAuth, never outliving the CA nor any certificate above it up to the root. Every SVID is
 * checked before it is returned.
 */
public final class SvidIssuer {
  private final Clock clock;
  private final Duration backdate;

  /** {@code backdate} moves notBefore into the past to absorb clock skew between machines. */
  public SvidIssuer(Clock clock, Duration backdate) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (backdate == null || backdate.isNegative()) {
      throw new IllegalArgumentException("backdate must be zero or positive, got " + backdate);
    }
    this.backdate = backdate;
  }

  public Svid issue(SvidRequest request, CertificateAuthority ca) throws PkiException {
    Objects.requireNonNull(ca, "ca");
    checkRequest(request, ca);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    checkCaValidAt(ca, now);

    KeyPair keys = request.keyType().generate();
    X509Certificate leaf = buildLeaf(request, ca, keys.getPublic(), now);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    if (!ca.isSelfSignedRoot()) {
      chain.addAll(ca.chain());
    }

    Svid svid = new Svid(request.spiffeId(), chain, keys.getPrivate());
    selfCheck(svid, request, ca, keys.getPublic());
    return svid;
  }

  private static void checkRequest(SvidRequest request, CertificateAuthority ca)
      throws PkiException {
    if (request == null || request.spiffeId() == null) {
      throw new PkiException("no SPIFFE ID was given");
    }
    SpiffeId id = request.spiffeId();
    if (id.isTrustDomainId()) {
      throw new PkiException("SPIFFE ID " + id + " has no path; an SVID needs a workload path");
    }
    if (!id.trustDomain().equals(ca.trustDomain())) {
      throw new PkiException(
          "SPIFFE ID "
              + id
              + " is not in trust domain "
              + ca.trustDomain()
              + " of the CA; use an ID of the form spiffe://"
              + ca.trustDomain()
              + "/...");
    }
    if (request.keyType() == null) {
      throw new PkiException("no key type was given; use one of " + KeyType.supportedNames());
    }
    Duration ttl = request.ttl();
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new PkiException("the SVID lifetime must be positive, got " + ttl);
    }
    for (String name : request.dnsNames()) {
      DnsNames.check(name);
    }
  }

  private static void checkCaValidAt(CertificateAuthority ca, Instant now) throws PkiException {
    if (!now.isBefore(ca.notAfter())) {
      throw new PkiException(
          "the CA (" + ca.subject() + ") expired at " + ca.notAfter() + "; rotate the CA");
    }
    if (now.isBefore(ca.notBefore())) {
      throw new PkiException("the CA (" + ca.subject() + ") is not valid before " + ca.notBefore());
    }
    if (!now.isBefore(ca.issuableUntil())) {
      throw new PkiException(
          "a certificate above the CA ("
              + ca.subject()
              + ") expired at "
              + ca.issuableUntil()
              + "; renew the CA's chain or rotate the CA");
    }
  }

  private X509Certificate buildLeaf(
      SvidRequest request, CertificateAuthority ca, PublicKey key, Instant now) {
    Instant notAfter = now.plus(request.ttl());
    if (notAfter.isAfter(ca.issuableUntil())) {
      notAfter = ca.issuableUntil();
    }
    X509Certificate caCert = ca.certificate();
    Instant notBefore = now.minus(backdate);
    return new CertificateBuilder(
            CertificateBuilder.nameOf(caCert), leafName(request), notBefore, notAfter, key)
        .basicConstraints(false)
        .keyUsage(KeyUsage.digitalSignature)
        .serverAndClientAuth()
        .subjectKeyIdentifier(key)
        .authorityKeyIdentifier(authorityKeyId(caCert))
        .subjectAlternativeNames(request.spiffeId().toString(), request.dnsNames())
        .sign(ca.signingKey(), ca.keyType());
  }

  private static X500Name leafName(SvidRequest request) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    name.addRDN(BCStyle.O, RootCaGenerator.ORGANIZATION);
    List<String> dnsNames = request.dnsNames();
    if (!dnsNames.isEmpty() && dnsNames.get(0).length() <= RootCaGenerator.MAX_COMMON_NAME) {
      name.addRDN(BCStyle.CN, dnsNames.get(0));
    }
    return name.build();
  }

  /** The CA's subjectKeyIdentifier, or one derived from its key when it has none. */
  private static byte[] authorityKeyId(X509Certificate caCert) {
    byte[] keyId = Certificates.subjectKeyIdentifier(caCert);
    return keyId != null ? keyId : Certificates.keyIdentifier(caCert.getPublicKey());
  }

  /**
   * An SVID that fails these checks is an issuer bug: fail closed. The leaf profile is checked in
   * full. The signature is not verified again: the CA's key was proven to match its certificate
   * when the CA was loaded, and here the leaf must name that certificate as its issuer (subject and
   * key identifier) and carry exactly the public key generated for it. That keeps issuance at the
   * speed of key generation plus one signature.
   */
  private static void selfCheck(
      Svid svid, SvidRequest request, CertificateAuthority ca, PublicKey generated)
      throws PkiException {
    X509Certificate leaf = svid.leaf();
    try {
      X509SvidChecker.checkLeafIs(leaf, request.spiffeId());
    } catch (SvidCheckException e) {
      throw selfCheckFailed(e.getMessage());
    }
    X509Certificate caCert = ca.certificate();
    if (!leaf.getIssuerX500Principal().equals(caCert.getSubjectX500Principal())
        || !Arrays.equals(Certificates.authorityKeyIdentifier(leaf), authorityKeyId(caCert))) {
      throw selfCheckFailed("it does not name the CA certificate as its issuer");
    }
    if (!Arrays.equals(leaf.getPublicKey().getEncoded(), generated.getEncoded())) {
      throw selfCheckFailed("its public key is not the one generated for it");
    }
    if (svid.notAfter().isAfter(ca.issuableUntil())) {
      throw selfCheckFailed("it outlives the CA chain");
    }
  }

  private static PkiException selfCheckFailed(String why) {
    return new PkiException("the issued SVID failed its self-check: " + why);
  }
}
