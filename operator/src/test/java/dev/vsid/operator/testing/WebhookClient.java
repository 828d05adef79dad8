package dev.vsid.operator.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client of the webhook as the API server is one: it connects to loopback, asks for the Service's
 * name (SNI), trusts only the CA certificates of a caBundle, and accepts the server only when the
 * certificate's DNS names hold the Service's name. Certificates are judged at the test clock's
 * time, so a test can move the clock. Each request opens a fresh TLS connection.
 */
public final class WebhookClient {
  private final InetSocketAddress address;
  private final Set<TrustAnchor> anchors;
  private final String serviceHost;
  private final Clock clock;
  private final String[] protocols;

  /** An HTTP answer, and the serial number and protocol of the TLS session it came on. */
  public record Response(int status, String contentType, String body, String serial, String tls) {}

  public WebhookClient(
      InetSocketAddress address, String caBundlePem, String serviceHost, Clock clock) {
    this(address, anchors(caBundlePem), serviceHost, clock, new String[] {"TLSv1.3", "TLSv1.2"});
  }

  private WebhookClient(
      InetSocketAddress address,
      Set<TrustAnchor> anchors,
      String serviceHost,
      Clock clock,
      String[] protocols) {
    this.address = address;
    this.anchors = anchors;
    this.serviceHost = serviceHost;
    this.clock = clock;
    this.protocols = protocols;
  }

  /** The same client, offering only {@code protocol}. */
  public WebhookClient offering(String protocol) {
    return new WebhookClient(address, anchors, serviceHost, clock, new String[] {protocol});
  }

  public Response post(String path, String json) throws IOException {
    return send("POST", path, json.getBytes(StandardCharsets.UTF_8));
  }

  public Response send(String method, String path, byte[] body) throws IOException {
    try (SSLSocket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + serviceHost
              + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
              + "Content-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before the whole body is sent
      }
      X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      String serial = leaf.getSerialNumber().toString(16);
      return read(socket.getInputStream(), serial, socket.getSession().getProtocol());
    }
  }

  /**
   * Sends the head of a POST that promises a body and never sends it; returns how long the server
   * took to give up on it (close the connection, or answer).
   */
  public java.time.Duration stallBody(String path) throws IOException {
    try (SSLSocket socket = connect()) {
      socket.setSoTimeout(60_000);
      String head =
          "POST " + path + " HTTP/1.1\r\nHost: " + serviceHost + "\r\nContent-Length: 100\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      long start = System.nanoTime();
      try {
        socket.getInputStream().readAllBytes();
      } catch (IOException e) {
        // a reset counts as giving up
      }
      return java.time.Duration.ofNanos(System.nanoTime() - start);
    }
  }

  private SSLSocket connect() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ServiceTrust()}, null);
      Socket plain = new Socket(address.getAddress(), address.getPort());
      plain.setSoTimeout(15_000);
      SSLSocket socket =
          (SSLSocket)
              context.getSocketFactory().createSocket(plain, serviceHost, address.getPort(), true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(serviceHost)));
      parameters.setProtocols(protocols);
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return socket;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The status of a response that never came: the server closed or reset the connection. */
  public static final int CLOSED_WITHOUT_ANSWER = 0;

  private static Response read(InputStream in, String serial, String tls) throws IOException {
    String all;
    try {
      all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      all = ""; // reset by the server, as when it refuses a body it does not read
    }
    if (all.isEmpty()) {
      return new Response(CLOSED_WITHOUT_ANSWER, "", "", serial, tls);
    }
    int split = all.indexOf("\r\n\r\n");
    String head = split < 0 ? all : all.substring(0, split);
    String body = split < 0 ? "" : all.substring(split + 4);
    int status = Integer.parseInt(head.split(" ", 3)[1]);
    String contentType = "";
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-type:")) {
        contentType = line.substring("content-type:".length()).trim();
      }
    }
    return new Response(status, contentType, body, serial, tls);
  }

  private static Set<TrustAnchor> anchors(String pem) {
    Set<TrustAnchor> anchors = new HashSet<>();
    try {
      Collection<? extends java.security.cert.Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      for (var certificate : certificates) {
        anchors.add(new TrustAnchor((X509Certificate) certificate, null));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("the caBundle is not PEM certificates", e);
    }
    return anchors;
  }

  /** PKIX against the caBundle at the test clock's time, then the Service's name in the SANs. */
  private final class ServiceTrust extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        var factory = CertificateFactory.getInstance("X.509");
        var path = factory.generateCertPath(List.of(chain));
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
      } catch (GeneralSecurityException e) {
        throw new CertificateException("the caBundle does not vouch for the server", e);
      }
      List<String> names = new ArrayList<>();
      if (chain[0].getSubjectAlternativeNames() != null) {
        chain[0].getSubjectAlternativeNames().stream()
            .filter(san -> Integer.valueOf(2).equals(san.get(0)))
            .forEach(san -> names.add(String.valueOf(san.get(1))));
      }
      if (!names.contains(serviceHost)) {
        throw new CertificateException("the certificate is not for " + serviceHost + ": " + names);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
