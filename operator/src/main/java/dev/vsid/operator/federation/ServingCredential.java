package dev.vsid.operator.federation;

import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.text.Text;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The certificate chain (leaf first) and private key a bundle endpoint listener presents. {@link
 * #toString()} names the leaf only, never the key.
 */
public final class ServingCredential {
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  private ServingCredential(List<X509Certificate> chain, PrivateKey privateKey) {
    this.chain = List.copyOf(chain);
    this.privateKey = privateKey;
  }

  /** An X509-SVID, for a listener of the {@code https_spiffe} profile. */
  public static ServingCredential of(Svid svid) {
    Objects.requireNonNull(svid, "svid");
    return new ServingCredential(svid.chain(), svid.privateKey());
  }

  /**
   * A web PKI certificate chain and its key, for the {@code https_web} profile.
   *
   * @throws PkiException if either PEM is unusable or the key does not match the leaf
   */
  public static ServingCredential fromPem(String chainPem, String keyPem) throws PkiException {
    List<X509Certificate> chain = Pem.parseCertificates(chainPem);
    PrivateKey key = Pem.parsePrivateKey(keyPem);
    if (!X509SvidChecker.keyMatches(chain.get(0), key)) {
      throw new PkiException("the serving key does not match the first certificate of the chain");
    }
    return new ServingCredential(chain, key);
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ServingCredential)) {
      return false;
    }
    ServingCredential that = (ServingCredential) other;
    return chain.equals(that.chain) && privateKey.equals(that.privateKey);
  }

  @Override
  public int hashCode() {
    return chain.hashCode();
  }

  @Override
  public String toString() {
    return "ServingCredential[subject="
        + Text.oneLine(leaf().getSubjectX500Principal().getName())
        + ", serial="
        + Fingerprints.serialNumber(leaf())
        + ", certificates="
        + chain.size()
        + "]";
  }
}
