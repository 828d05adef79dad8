package dev.vsid.operator.federation;

import dev.vsid.operator.text.Text;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Turns what the HTTP client threw into a {@link BundleFetchException} with a plain message: the
 * endpoint, what happened, what to check. The exception's own text is shown only cut and on one
 * line; no stack trace.
 */
final class FetchErrors {
  private final BundleEndpoint endpoint;
  private final FetchSettings settings;
  private final ServerTrust trust;

  FetchErrors(BundleEndpoint endpoint, FetchSettings settings, ServerTrust trust) {
    this.endpoint = endpoint;
    this.settings = settings;
    this.trust = trust;
  }

  static BundleFetchException timedOut(BundleEndpoint endpoint, FetchSettings settings) {
    return new BundleFetchException(
        FetchFailure.TIMEOUT,
        endpoint.describe()
            + " gave no complete answer within the read timeout ("
            + seconds(settings.readTimeout().toMillis())
            + "); check that the server is healthy and not overloaded");
  }

  BundleFetchException of(Throwable thrown) {
    if (find(thrown, CappedBody.TooLarge.class) != null) {
      return tooLarge();
    }
    if (trust.refusal().isPresent()) {
      return notAuthenticated(trust.refusal().get());
    }
    if (find(thrown, HttpConnectTimeoutException.class) != null) {
      return noConnection();
    }
    if (find(thrown, HttpTimeoutException.class) != null) {
      return timedOut(endpoint, settings);
    }
    if (find(thrown, ConnectException.class) != null) {
      // The JDK's HTTP client throws it without a message for a refused connection.
      String why = cause(thrown, ConnectException.class, "Connection refused");
      return unreachable("could not connect (" + why + ")");
    }
    if (find(thrown, UnknownHostException.class) != null
        || find(thrown, UnresolvedAddressException.class) != null) {
      return unreachable("the host name does not resolve");
    }
    if (find(thrown, SSLException.class) != null) {
      return new BundleFetchException(
          FetchFailure.TLS_FAILED,
          endpoint.describe()
              + ": the TLS handshake failed ("
              + cause(thrown, SSLException.class, "no reason given")
              + "); the server must offer TLS 1.2 or 1.3 and must not require a client"
              + " certificate");
    }
    return unreachable("the connection failed (" + Text.cut(String.valueOf(thrown)) + ")");
  }

  /** Connect and request timers both report this before the TLS handshake completes. */
  private BundleFetchException noConnection() {
    long millis = Math.min(settings.connectTimeout().toMillis(), settings.readTimeout().toMillis());
    return new BundleFetchException(
        FetchFailure.TIMEOUT,
        endpoint.describe()
            + ": no TLS connection was established within "
            + seconds(millis)
            + "; check that the endpoint is up and serves TLS at this host and port");
  }

  private BundleFetchException tooLarge() {
    return new BundleFetchException(
        FetchFailure.TOO_LARGE,
        endpoint.describe()
            + " served a body larger than "
            + settings.maxBodyBytes()
            + " bytes; it was refused without being read in full");
  }

  private BundleFetchException notAuthenticated(String reason) {
    return new BundleFetchException(
        FetchFailure.SERVER_NOT_AUTHENTICATED,
        endpoint.describe()
            + ": the server's certificate was refused ("
            + endpoint.profile().name()
            + "): "
            + reason
            + "; "
            + trust.advice());
  }

  private BundleFetchException unreachable(String what) {
    return new BundleFetchException(
        FetchFailure.UNREACHABLE,
        endpoint.describe()
            + ": "
            + what
            + "; check that the endpoint is up and the URL's host and"
            + " port");
  }

  /** The message of the first {@code type} in the chain that has one. */
  private static String cause(Throwable thrown, Class<? extends Throwable> type, String otherwise) {
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (type.isInstance(t) && t.getMessage() != null) {
        return Text.cut(t.getMessage());
      }
    }
    return otherwise;
  }

  private static Throwable find(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
