package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK's own TLS stack uses what the issuer writes, after a PEM round trip: a mutual TLS 1.3
 * handshake on loopback, each side presenting tls.crt/tls.key and trusting ca.crt.
 */
class JsseInteropTest {
  private static final char[] PASSWORD = "test-only".toCharArray();
  private static final int TIMEOUT_MILLIS = 10_000;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void theJdkCompletesAMutualTlsHandshakeWithTheIssuedPemFiles(KeyType type) throws Exception {
    Svid svid = PkiFixtures.svid(type);
    SSLContext context =
        context(
            svid.chainPem(),
            svid.privateKeyPem(),
            Pem.encodeCertificates(PkiFixtures.root(type).roots()));

    try (SSLServerSocket server = listen(context)) {
      CompletableFuture<Certificate> clientSeenByServer =
          CompletableFuture.supplyAsync(() -> acceptOne(server));
      Certificate serverSeenByClient = connect(context, server.getLocalPort());

      assertThat(serverSeenByClient).isEqualTo(svid.leaf());
      assertThat(clientSeenByServer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
          .isEqualTo(svid.leaf());
    }
  }

  private static SSLContext context(String chainPem, String keyPem, String rootsPem)
      throws Exception {
    PrivateKey key = Pem.parsePrivateKey(keyPem);
    List<X509Certificate> chain = Pem.parseCertificates(chainPem);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("svid", key, PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(keys, PASSWORD);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    List<X509Certificate> roots = Pem.parseCertificates(rootsPem);
    for (int i = 0; i < roots.size(); i++) {
      trust.setCertificateEntry("root-" + i, roots.get(i));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
    trustManagers.init(trust);

    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static SSLServerSocket listen(SSLContext context) throws Exception {
    SSLServerSocket server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    server.setSoTimeout(TIMEOUT_MILLIS);
    return server;
  }

  private static Certificate acceptOne(SSLServerSocket server) {
    try (SSLSocket socket = (SSLSocket) server.accept()) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      int ping = socket.getInputStream().read();
      socket.getOutputStream().write(ping);
      socket.getOutputStream().flush();
      return socket.getSession().getPeerCertificates()[0];
    } catch (Exception e) {
      throw new IllegalStateException("the TLS server side failed", e);
    }
  }

  private static Certificate connect(SSLContext context, int port) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.startHandshake();
      socket.getOutputStream().write(42);
      socket.getOutputStream().flush();
      assertThat(socket.getInputStream().read()).isEqualTo(42);
      return socket.getSession().getPeerCertificates()[0];
    }
  }
}
