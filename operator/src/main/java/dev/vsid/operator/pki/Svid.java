package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * An X509-SVID with its private key: the leaf, the chain to present (leaf first; the issuer never
 * includes the root) and the leaf's key. Made by {@link SvidIssuer}, whose self-check it passed, or
 * by {@link X509SvidParser}, which checked its shape and key pairing (not times or signatures: see
 * {@link X509SvidVerifier}). {@link #toString()} never shows the key.
 */
public final class Svid {
  private final SpiffeId spiffeId;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  Svid(SpiffeId spiffeId, List<X509Certificate> chain, PrivateKey privateKey) {
    this.spiffeId = spiffeId;
    this.chain = List.copyOf(chain);
    this.privateKey = privateKey;
  }

  public SpiffeId spiffeId() {
    return spiffeId;
  }

  /** The leaf, then the certificates above it; a root belongs in the trust bundle instead. */
  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** {@link #chain()} as PEM, for {@code tls.crt}. */
  public String chainPem() {
    return Pem.encodeCertificates(chain);
  }

  /** The private key as PKCS#8 PEM, for {@code tls.key}. */
  public String privateKeyPem() {
    return Pem.encodePrivateKey(privateKey);
  }

  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /** The leaf's serial number in lowercase hex without separators. */
  public String serialNumberHex() {
    return Fingerprints.serialNumber(leaf());
  }

  @Override
  public String toString() {
    return "Svid[spiffeId="
        + spiffeId
        + ", serial="
        + serialNumberHex()
        + ", certificates="
        + chain.size()
        + ", notAfter="
        + notAfter()
        + "]";
  }
}
