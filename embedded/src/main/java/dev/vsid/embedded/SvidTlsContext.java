package dev.vsid.embedded;

import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS 1.3 context built only from mounted files: the SVID Secret's tls.crt and tls.key as the
 * identity presented to peers, and a bundle file (the ca.crt of the namespace's bundle ConfigMap)
 * as the only trust anchors. Peers are authenticated by chain; their SPIFFE ID is checked apart,
 * after the handshake.
 */
final class SvidTlsContext {
  static final String PROTOCOL = "TLSv1.3";

  private SvidTlsContext() {}

  static SSLContext fromFiles(SvidFiles.FileSet files, Path trustAnchors)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain;
    PrivateKey key;
    List<X509Certificate> roots;
    try {
      chain = Pem.parseCertificates(read(files.cert()));
      key = Pem.parsePrivateKey(read(files.key()));
      roots = Pem.parseCertificates(read(trustAnchors));
    } catch (PkiException e) {
      throw new GeneralSecurityException(e.getMessage());
    }
    SSLContext context = SSLContext.getInstance(PROTOCOL);
    context.init(
        new KeyManager[] {new SvidKeyManager(chain, key)},
        trustManagers(roots).getTrustManagers(),
        new SecureRandom());
    return context;
  }

  /**
   * Presents the SVID whatever the peer asks for. The JDK's own key manager offers a client
   * certificate only when its issuer is among the CAs the server names, and otherwise sends none; a
   * workload always presents its SVID and lets the peer judge it.
   */
  private static final class SvidKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "svid";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    SvidKeyManager(List<X509Certificate> chain, PrivateKey key) {
      this.chain = chain.toArray(new X509Certificate[0]);
      this.key = key;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine e) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  private static TrustManagerFactory trustManagers(List<X509Certificate> roots)
      throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore();
    for (int i = 0; i < roots.size(); i++) {
      store.setCertificateEntry("root-" + i, roots.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return factory;
  }

  private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
