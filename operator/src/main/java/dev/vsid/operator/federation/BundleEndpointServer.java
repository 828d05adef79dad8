package dev.vsid.operator.federation;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPIFFE bundle endpoints (SPIFFE Federation §5) for local trust domains: {@code GET <path>}
 * answers the trust domain's current bundle as SPIFFE bundle JSON, over TLS 1.2 or 1.3, without
 * client authentication.
 *
 * <p><b>One listener (port) per served trust domain.</b> Under {@code https_spiffe} the server must
 * present an X509-SVID of the trust domain whose bundle it serves, and TLS chooses the certificate
 * before the request path is known. The other way to choose, by SNI, fails for clients that connect
 * to an IP address (they send no SNI) and ties the configuration to host names, so each trust
 * domain gets its own port, its own key manager and its own certificate instead. The cost is one
 * port per trust domain, which a Service can map as it likes.
 *
 * <p>Bundle and certificate come from callbacks asked per request and per handshake, so rotations
 * are served at once. All listeners share a fixed pool of worker threads, and each exchange
 * (handshake, request, response) may hold a worker for at most {@link
 * ServerSettings#exchangeDeadline()}, so a slow or stalled client cannot pin the server (see {@link
 * DeadlineExecutor}). Connections that send nothing hold no worker and are closed by the JDK server
 * after its idle interval.
 */
public final class BundleEndpointServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleEndpointServer.class);
  private static final int BACKLOG = 64;

  private final Map<TrustDomainName, HttpsServer> listeners;
  private final DeadlineExecutor executor;
  private final String path;

  private BundleEndpointServer(
      Map<TrustDomainName, HttpsServer> listeners, DeadlineExecutor executor, String path) {
    this.listeners = listeners;
    this.executor = executor;
    this.path = path;
  }

  /**
   * Binds and starts one listener per served trust domain.
   *
   * @throws IOException if an address cannot be bound; listeners already started are closed
   * @throws IllegalArgumentException if a trust domain is served twice
   */
  public static BundleEndpointServer start(List<ServedTrustDomain> served, ServerSettings settings)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    requireDistinct(served);
    DeadlineExecutor executor =
        new DeadlineExecutor(
            settings.workerThreads(), settings.exchangeDeadline(), "vsid-bundle-endpoint");
    Map<TrustDomainName, HttpsServer> listeners = new LinkedHashMap<>();
    try {
      for (ServedTrustDomain domain : served) {
        listeners.put(domain.trustDomain(), listen(domain, settings.path(), executor));
      }
    } catch (IOException | RuntimeException e) {
      listeners.values().forEach(listener -> listener.stop(0));
      executor.close();
      throw e;
    }
    return new BundleEndpointServer(listeners, executor, settings.path());
  }

  /** The address a trust domain's listener is bound to (with the actual port when 0 was asked). */
  public InetSocketAddress address(TrustDomainName trustDomain) {
    HttpsServer listener = listeners.get(trustDomain);
    if (listener == null) {
      throw new IllegalArgumentException("trust domain " + trustDomain + " is not served here");
    }
    return listener.getAddress();
  }

  /** {@code https://<bound address>:<port><path>}, the URL a client on this host would use. */
  public URI url(TrustDomainName trustDomain) {
    InetSocketAddress address = address(trustDomain);
    String host = address.getAddress().getHostAddress();
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("https://" + literal + ":" + address.getPort() + path);
  }

  /** Stops every listener at once and the workers; open exchanges are cut off. */
  @Override
  public void close() {
    listeners.values().forEach(listener -> listener.stop(0));
    executor.close();
  }

  private static HttpsServer listen(ServedTrustDomain served, String path, DeadlineExecutor exec)
      throws IOException {
    HttpsServer listener;
    try {
      listener = HttpsServer.create(served.bindAddress(), BACKLOG);
    } catch (IOException e) {
      throw new IOException(
          "cannot listen on " + served.bindAddress() + " for trust domain " + served.trustDomain(),
          e);
    }
    listener.setHttpsConfigurator(new Tls(sslContext(served)));
    listener.setExecutor(exec);
    listener.createContext("/", new BundleHandler(served, path));
    listener.start();
    log.info(
        "serving the bundle of {} on {} ({})",
        served.trustDomain(),
        listener.getAddress(),
        served.profile());
    return listener;
  }

  private static SSLContext sslContext(ServedTrustDomain served) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new RotatingKeyManager(served)}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  private static void requireDistinct(List<ServedTrustDomain> served) {
    List<TrustDomainName> seen = new ArrayList<>();
    for (ServedTrustDomain domain : served) {
      if (seen.contains(domain.trustDomain())) {
        throw new IllegalArgumentException(
            "trust domain " + domain.trustDomain() + " is served twice; give each one listener");
      }
      seen.add(domain.trustDomain());
    }
  }

  /** TLS 1.2 and 1.3 only; no client certificate asked for. */
  private static final class Tls extends HttpsConfigurator {
    Tls(SSLContext context) {
      super(context);
    }

    @Override
    public void configure(HttpsParameters parameters) {
      SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
      ssl.setProtocols(HttpsGet.PROTOCOLS);
      ssl.setNeedClientAuth(false);
      ssl.setWantClientAuth(false);
      parameters.setSSLParameters(ssl);
    }
  }
}
