package dev.vsid.operator.federation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Clients of a bundle endpoint written by hand, from a chosen loopback source address: one that
 * GETs the bundle without judging the server's certificate, and one that starts a TLS handshake and
 * stalls.
 */
final class RawClient {
  static final byte[] PARTIAL_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, 0x50, 0x01};
  static final InetAddress FIRST = address("127.0.0.1");
  static final InetAddress SECOND = address("127.0.0.2");

  private RawClient() {}

  /** GET / from {@code from} within {@code timeoutMillis}: the status line's code. */
  static int get(InetSocketAddress server, InetAddress from, int timeoutMillis) throws IOException {
    try (Socket plain = connect(server, from, timeoutMillis);
        SSLSocket tls =
            (SSLSocket)
                trustAll()
                    .getSocketFactory()
                    .createSocket(plain, server.getHostString(), server.getPort(), true)) {
      tls.setSoTimeout(timeoutMillis);
      tls.getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      tls.getOutputStream().flush();
      String line =
          new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      if (line == null) {
        throw new IOException("closed without an answer");
      }
      return Integer.parseInt(line.split(" ")[1]);
    }
  }

  /** A connection from {@code from} that sent the first bytes of a ClientHello and stalls. */
  static Socket stall(InetSocketAddress server, InetAddress from) throws IOException {
    Socket socket = connect(server, from, 2000);
    OutputStream out = socket.getOutputStream();
    out.write(PARTIAL_CLIENT_HELLO);
    out.flush();
    return socket;
  }

  static Socket connect(InetSocketAddress server, InetAddress from, int timeoutMillis)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(server, timeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Whether the server closed {@code socket} (end of stream or reset) within the time. */
  static boolean closedByServer(Socket socket, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      while (true) {
        if (socket.getInputStream().read() < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  /** Whether the server has closed {@code socket} within 500 ms (a socket never connected: yes). */
  static boolean closedByServerQuickly(Socket socket) {
    try {
      return !socket.isConnected() || closedByServer(socket, 500);
    } catch (IOException e) {
      return true;
    }
  }

  static SSLContext trustAll() {
    X509TrustManager all =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {all}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
