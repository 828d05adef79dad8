package dev.vsid.operator.identity;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Secret proves that its identity was issued an ID: evidence a tenant cannot forge, for
 * deciding which identity holds a contested SPIFFE ID when this process has no record of it. A
 * tenant may write their identity's status and their Secrets, but cannot make the trust domain's CA
 * sign, and a certificate seen in a TLS handshake comes without its key.
 */
final class IssuedSvids {
  private IssuedSvids() {}

  /**
   * When the SVID for {@code id} in {@code secret} was issued (its notBefore): only for a
   * well-formed SVID for exactly that ID, valid at {@code now}, whose key is in the Secret and
   * whose chain leads to a root of {@code bundle}.
   */
  static Optional<Instant> issuedAt(Secret secret, SpiffeId id, TrustBundle bundle, Instant now) {
    if (secret == null) {
      return Optional.empty();
    }
    CurrentSvid current = CurrentSvid.read(secret);
    if (current.problem() != null || current.chain().isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = current.leaf();
    Instant notBefore = leaf.getNotBefore().toInstant();
    if (now.isBefore(notBefore) || !now.isBefore(leaf.getNotAfter().toInstant())) {
      return Optional.empty();
    }
    try {
      if (!id.equals(X509SvidChecker.checkLeaf(leaf))) {
        return Optional.empty();
      }
    } catch (SvidCheckException e) {
      return Optional.empty();
    }
    if (!X509SvidChecker.keyMatches(leaf, current.key())) {
      return Optional.empty();
    }
    return chainsTo(current.chain(), bundle.authorities())
        ? Optional.of(notBefore)
        : Optional.empty();
  }

  private static boolean chainsTo(List<X509Certificate> chain, List<X509Certificate> roots) {
    try {
      for (int i = 0; i + 1 < chain.size(); i++) {
        X509SvidChecker.checkSignedBy(chain.get(i), chain.get(i + 1));
      }
    } catch (SvidCheckException e) {
      return false;
    }
    X509Certificate top = chain.get(chain.size() - 1);
    for (X509Certificate root : roots) {
      if (chain.size() > 1 && top.equals(root)) {
        return true;
      }
      try {
        X509SvidChecker.checkSignedBy(top, root);
        return true;
      } catch (SvidCheckException e) {
        // try the next root
      }
    }
    return false;
  }
}
