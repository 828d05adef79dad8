package dev.vsid.embedded;

import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
        keyManagers(chain, key).getKeyManagers(),
        trustManagers(roots).getTrustManagers(),
        new SecureRandom());
    return context;
  }

  /** An in-memory key store; its password exists only so the JDK API can be called. */
  private static KeyManagerFactory keyManagers(List<X509Certificate> chain, PrivateKey key)
      throws IOException, GeneralSecurityException {
    char[] password = randomPassword();
    try {
      KeyStore store = emptyStore();
      store.setKeyEntry("svid", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory;
    } finally {
      Arrays.fill(password, '\0');
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

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] password = new char[24];
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    return password;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
