package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * An issued X509-SVID: the leaf, the chain to present (leaf first, never the root), and the leaf's
 * private key. {@link #toString()} never shows the key.
 */
public final class IssuedSvid {
  private final SpiffeId spiffeId;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  IssuedSvid(SpiffeId spiffeId, List<X509Certificate> chain, PrivateKey privateKey) {
    this.spiffeId = spiffeId;
    this.chain = List.copyOf(chain);
    this.privateKey = privateKey;
  }

  public SpiffeId spiffeId() {
    return spiffeId;
  }

  /** The leaf, then the CA's intermediates; the root goes in the trust bundle instead. */
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
    return "IssuedSvid[spiffeId="
        + spiffeId
        + ", serial="
        + serialNumberHex()
        + ", notAfter="
        + notAfter()
        + "]";
  }
}
