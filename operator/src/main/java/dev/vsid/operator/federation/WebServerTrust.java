package dev.vsid.operator.federation;

import dev.vsid.operator.federation.EndpointProfile.HttpsWeb;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code https_web}: the JDK's PKIX trust manager, over the configured CA certificates or the
 * default trust store. Given the TLS engine, it also checks that the certificate names the URL's
 * host (the HTTP client asks for the "HTTPS" endpoint identification).
 */
final class WebServerTrust extends ServerTrust {
  private final X509ExtendedTrustManager pkix;
  private final boolean defaultStore;

  WebServerTrust(HttpsWeb profile) {
    this.defaultStore = profile.usesDefaultTrustStore();
    this.pkix = pkix(profile.trustedCas());
  }

  @Override
  void checkServer(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (engine == null) {
      throw new CertificateException("no TLS engine, so the host name cannot be checked");
    }
    pkix.checkServerTrusted(chain, authType, engine);
  }

  @Override
  String advice() {
    String store = defaultStore ? "the default trust store" : "the configured CA bundle";
    return "check that the server's certificate chains to " + store + " and names the URL's host";
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private static X509ExtendedTrustManager pkix(List<X509Certificate> cas) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(cas.isEmpty() ? null : keyStore(cas));
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager) {
          return (X509ExtendedTrustManager) manager;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's PKIX trust manager cannot be set up", e);
    }
  }

  private static KeyStore keyStore(List<X509Certificate> cas) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("an empty key store cannot be created", e);
    }
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    return store;
  }
}
