package dev.vsid.operator.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Loopback socket helpers for tests of the listeners the operator opens. */
public final class Sockets {
  private Sockets() {}

  /** A loopback port free at the moment of asking. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** The chain a listener presents, read without judging it (the test judges it). */
  public static List<X509Certificate> presentedChain(String host, int port) throws Exception {
    List<X509Certificate> seen = new ArrayList<>();
    X509TrustManager capture =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen.addAll(List.of(chain));
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {capture}, null);
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), 5000);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        tls.setSoTimeout(5000);
        tls.startHandshake();
      }
    }
    return seen;
  }

  /** Whether something accepts connections on {@code host:port}. */
  public static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
