package dev.vsid.operator.federation;

import dev.vsid.operator.text.Text;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of one fetch: it judges the server's certificate chain and remembers why it
 * refused it, so that the fetch can report that reason rather than the TLS stack's wording. Client
 * certificates are never accepted (this is the client side).
 */
abstract class ServerTrust extends X509ExtendedTrustManager {
  private static final int MAX_REASON = 240;

  private volatile String refusal;

  /** Checks the server's chain; {@code engine} is null when no engine is known. */
  abstract void checkServer(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException;

  /** What to check when the server is refused, for the end of a message. */
  abstract String advice();

  /** The reason the server's certificate was refused, if it was. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    recorded(chain, authType, engine);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    recorded(chain, authType, null);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    recorded(chain, authType, null);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a bundle endpoint client accepts no client");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a bundle endpoint client accepts no client");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a bundle endpoint client accepts no client");
  }

  private void recorded(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      checkServer(chain, authType, engine);
    } catch (CertificateException | RuntimeException e) {
      refusal = shortReason(e.getMessage());
      throw e instanceof CertificateException
          ? (CertificateException) e
          : new CertificateException(refusal);
    }
  }

  /** A reason that may quote the peer's certificate names: on one line and cut. */
  static String shortReason(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    String line = Text.oneLine(message.replaceAll("[\\r\\n\\t]+", " ").trim());
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
  }
}
