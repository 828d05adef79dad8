package dev.vsid.operator.federation;

import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.text.Text;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key manager of one listener: asks the served trust domain's credential callback at every
 * handshake, so a renewed certificate is presented by the next connection. Each credential seen
 * gets its own alias, so that the chain and the key of one handshake always belong together even
 * when a renewal lands between the two look-ups. For {@code https_spiffe} a credential that is not
 * an X509-SVID of the served trust domain is never presented (logged once).
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(RotatingKeyManager.class);

  private record Snapshot(String alias, ServingCredential credential, boolean usable) {}

  private final ServedTrustDomain served;
  private long generation;
  private Snapshot current;
  private Snapshot previous;

  RotatingKeyManager(ServedTrustDomain served) {
    this.served = served;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    Snapshot snapshot = snapshot();
    return snapshot != null && fits(keyType, snapshot) ? snapshot.alias() : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return chooseEngineServerAlias(keyType, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = chooseEngineServerAlias(keyType, issuers, null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Snapshot snapshot = byAlias(alias);
    return snapshot == null ? null : snapshot.credential().chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Snapshot snapshot = byAlias(alias);
    return snapshot == null ? null : snapshot.credential().privateKey();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  /** The snapshot of the callback's current credential, null when it has none. */
  private synchronized Snapshot snapshot() {
    ServingCredential credential = ask();
    if (credential == null) {
      return null;
    }
    if (current != null && current.credential().equals(credential)) {
      return current.usable() ? current : null;
    }
    previous = current;
    current = new Snapshot("serving-" + ++generation, credential, usable(credential));
    return current.usable() ? current : null;
  }

  private synchronized Snapshot byAlias(String alias) {
    if (current != null && current.alias().equals(alias)) {
      return current;
    }
    return previous != null && previous.alias().equals(alias) ? previous : null;
  }

  private ServingCredential ask() {
    try {
      ServingCredential credential = served.credential().get();
      if (credential == null) {
        log.warn("bundle endpoint of {}: no serving certificate yet", served.trustDomain());
      }
      return credential;
    } catch (RuntimeException e) {
      log.warn(
          "bundle endpoint of {}: the serving certificate callback failed: {}",
          served.trustDomain(),
          Text.cut(e.toString()));
      return null;
    }
  }

  private boolean usable(ServingCredential credential) {
    if (served.profile() != Profile.HTTPS_SPIFFE) {
      return true;
    }
    try {
      SpiffeId id = X509SvidChecker.checkLeaf(credential.leaf());
      if (id.trustDomain().equals(served.trustDomain())) {
        return true;
      }
      log.warn(
          "bundle endpoint of {}: the serving SVID {} is of another trust domain; not presented",
          served.trustDomain(),
          id);
    } catch (SvidCheckException e) {
      log.warn(
          "bundle endpoint of {}: the serving certificate is not an X509-SVID ({}); not presented",
          served.trustDomain(),
          e.getMessage());
    }
    return false;
  }

  /** Whether the credential's key can sign for a handshake that asks for {@code keyType}. */
  private static boolean fits(String keyType, Snapshot snapshot) {
    String algorithm = snapshot.credential().privateKey().getAlgorithm();
    if (keyType == null) {
      return true;
    }
    if (keyType.equals("EdDSA") || keyType.equals("Ed25519")) {
      return algorithm.equals("EdDSA") || algorithm.equals("Ed25519");
    }
    return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
  }
}
