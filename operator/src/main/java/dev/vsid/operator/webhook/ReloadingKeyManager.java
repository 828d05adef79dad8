package dev.vsid.operator.webhook;

import dev.vsid.operator.pki.TlsCredential;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Hands the current serving certificate to each new TLS handshake. Replacing it takes effect on the
 * next handshake, with no restart of the server; connections already open keep theirs. Each
 * certificate has its own alias (its serial number), so a handshake that chose an alias just before
 * a replacement still gets a certificate and key that belong together.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private record Served(String alias, TlsCredential credential, Served previous) {}

  private final AtomicReference<Served> current = new AtomicReference<>();

  /** Serves {@code credential} from the next handshake on; true when it is a new certificate. */
  boolean use(TlsCredential credential) {
    Served before = current.get();
    if (before != null && before.credential().certificate().equals(credential.certificate())) {
      return false;
    }
    Served kept = before == null ? null : new Served(before.alias(), before.credential(), null);
    current.set(new Served(credential.serialNumberHex(), credential, kept));
    return true;
  }

  TlsCredential current() {
    Served served = current.get();
    return served == null ? null : served.credential();
  }

  private String aliasFor(String keyType) {
    Served served = current.get();
    return served != null && served.credential().privateKey().getAlgorithm().equals(keyType)
        ? served.alias()
        : null;
  }

  private TlsCredential byAlias(String alias) {
    for (Served s = current.get(); s != null; s = s.previous()) {
      if (s.alias().equals(alias)) {
        return s.credential();
      }
    }
    return null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    TlsCredential credential = byAlias(alias);
    return credential == null ? null : new X509Certificate[] {credential.certificate()};
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    TlsCredential credential = byAlias(alias);
    return credential == null ? null : credential.privateKey();
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
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
