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
import java.util.Optional;
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

  /** A listener is one trust domain served with one profile. */
  private record Key(TrustDomainName trustDomain, ServedTrustDomain.Profile profile) {}

  private final Map<Key, HttpsServer> listeners = new LinkedHashMap<>();
  private final DeadlineExecutor executor;
  private final String path;
  private boolean closed;

  private BundleEndpointServer(DeadlineExecutor executor, String path) {
    this.executor = executor;
    this.path = path;
  }

  /** A server with no listener yet: {@link #serve} adds them, {@link #stop} removes them. */
  public static BundleEndpointServer create(ServerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new BundleEndpointServer(
        new DeadlineExecutor(
            settings.workerThreads(), settings.exchangeDeadline(), "vsid-bundle-endpoint"),
        settings.path());
  }

  /**
   * Binds and starts one listener per served trust domain.
   *
   * @throws IOException if an address cannot be bound; listeners already started are closed
   * @throws IllegalArgumentException if a trust domain is served twice with one profile
   */
  public static BundleEndpointServer start(List<ServedTrustDomain> served, ServerSettings settings)
      throws IOException {
    requireDistinct(served);
    BundleEndpointServer server = create(settings);
    try {
      for (ServedTrustDomain domain : served) {
        server.serve(domain);
      }
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Starts a listener for {@code served}; one already serving its trust domain with its profile is
   * stopped first.
   *
   * @return the address bound (with the actual port when 0 was asked)
   * @throws IOException if the address cannot be bound
   */
  public synchronized InetSocketAddress serve(ServedTrustDomain served) throws IOException {
    if (closed) {
      throw new IllegalStateException("the bundle endpoint server is closed");
    }
    Key key = new Key(served.trustDomain(), served.profile());
    stop(key);
    HttpsServer listener = listen(served, path, executor);
    listeners.put(key, listener);
    return listener.getAddress();
  }

  /** Stops the listener of {@code trustDomain} with {@code profile}, if there is one. */
  public synchronized void stop(TrustDomainName trustDomain, ServedTrustDomain.Profile profile) {
    stop(new Key(trustDomain, profile));
  }

  private void stop(Key key) {
    HttpsServer listener = listeners.remove(key);
    if (listener != null) {
      listener.stop(0);
      log.info("stopped serving the bundle of {} ({})", key.trustDomain(), key.profile());
    }
  }

  /** The address of a trust domain's first listener (with the actual port when 0 was asked). */
  public synchronized InetSocketAddress address(TrustDomainName trustDomain) {
    return listeners.entrySet().stream()
        .filter(e -> e.getKey().trustDomain().equals(trustDomain))
        .map(e -> e.getValue().getAddress())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "trust domain " + trustDomain + " is not served here"));
  }

  /** The address of a trust domain's listener with {@code profile}, if it is served. */
  public synchronized Optional<InetSocketAddress> address(
      TrustDomainName trustDomain, ServedTrustDomain.Profile profile) {
    HttpsServer listener = listeners.get(new Key(trustDomain, profile));
    return listener == null ? Optional.empty() : Optional.of(listener.getAddress());
  }

  /** {@code https://<bound address>:<port><path>}, the URL a client on this host would use. */
  public URI url(TrustDomainName trustDomain) {
    return url(address(trustDomain));
  }

  /** {@code https://<address>:<port><path>} for a bound address. */
  public URI url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("https://" + literal + ":" + address.getPort() + path);
  }

  /** Stops every listener at once and the workers; open exchanges are cut off. */
  @Override
  public synchronized void close() {
    closed = true;
    listeners.values().forEach(listener -> listener.stop(0));
    listeners.clear();
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
    List<String> seen = new ArrayList<>();
    for (ServedTrustDomain domain : served) {
      String key = domain.trustDomain() + " " + domain.profile();
      if (seen.contains(key)) {
        throw new IllegalArgumentException(
            "trust domain " + domain.trustDomain() + " is served twice; give each one listener");
      }
      seen.add(key);
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
