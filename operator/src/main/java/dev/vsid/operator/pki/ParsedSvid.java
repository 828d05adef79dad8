package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An X509-SVID read from PEM whose shape and key pairing were checked: the chain (leaf first) and
 * the leaf's private key. Times and signatures are not checked; see {@link X509SvidVerifier}.
 * {@link #toString()} never shows the key.
 */
public final class ParsedSvid {
  private final SpiffeId spiffeId;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  ParsedSvid(SpiffeId spiffeId, List<X509Certificate> chain, PrivateKey privateKey) {
    this.spiffeId = spiffeId;
    this.chain = List.copyOf(chain);
    this.privateKey = privateKey;
  }

  public SpiffeId spiffeId() {
    return spiffeId;
  }

  /** The leaf, then the certificates above it, in the order given. */
  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "ParsedSvid[spiffeId="
        + spiffeId
        + ", serial="
        + Fingerprints.serialNumber(leaf())
        + ", certificates="
        + chain.size()
        + "]";
  }
}
