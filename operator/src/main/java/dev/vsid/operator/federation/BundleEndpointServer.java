package dev.vsid.operator.federation;

import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * are served at once.
 *
 * <p><b>Bounded work.</b> The endpoint faces unauthenticated clients, so no client may hold what
 * others need. Each connection gets a thread of its own (TLS handshake, one request, one answer,
 * close); {@link ConnectionLimits} admits at most {@link ServerSettings#maxConnections()} at once
 * across all listeners and {@link ServerSettings#maxConnectionsPerClient()} from one client
 * address, and resets the others at once. A connection must complete its handshake and request head
 * within {@link ServerSettings#requestDeadline()} and ends after {@link
 * ServerSettings#exchangeDeadline()} whatever happens (see {@link Connection}). A client that
 * stalls connections therefore holds only its own few slots, for a few seconds each.
 */
public final class BundleEndpointServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleEndpointServer.class);

  /** A listener is one trust domain served with one profile. */
  private record Key(TrustDomainName trustDomain, ServedTrustDomain.Profile profile) {}

  private final Map<Key, BundleListener> listeners = new LinkedHashMap<>();
  private final ServerSettings settings;
  private final ConnectionLimits limits;
  private final ConnectionThreads threads;
  private boolean closed;

  private BundleEndpointServer(ServerSettings settings) {
    this.settings = settings;
    this.limits =
        new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerClient());
    this.threads =
        new ConnectionThreads(
            settings.workerThreads(), settings.maxConnections(), "vsid-bundle-endpoint");
  }

  /** A server with no listener yet: {@link #serve} adds them, {@link #stop} removes them. */
  public static BundleEndpointServer create(ServerSettings settings) {
    return new BundleEndpointServer(Objects.requireNonNull(settings, "settings"));
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
    BundleListener listener = BundleListener.open(served, settings, limits, threads);
    listeners.put(key, listener);
    log.info(
        "serving the bundle of {} on {} ({})",
        served.trustDomain(),
        listener.address(),
        served.profile());
    return listener.address();
  }

  /** Stops the listener of {@code trustDomain} with {@code profile}, if there is one. */
  public synchronized void stop(TrustDomainName trustDomain, ServedTrustDomain.Profile profile) {
    stop(new Key(trustDomain, profile));
  }

  private void stop(Key key) {
    BundleListener listener = listeners.remove(key);
    if (listener != null) {
      listener.close();
      log.info("stopped serving the bundle of {} ({})", key.trustDomain(), key.profile());
    }
  }

  /** The address of a trust domain's first listener (with the actual port when 0 was asked). */
  public synchronized InetSocketAddress address(TrustDomainName trustDomain) {
    return listeners.entrySet().stream()
        .filter(e -> e.getKey().trustDomain().equals(trustDomain))
        .map(e -> e.getValue().address())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "trust domain " + trustDomain + " is not served here"));
  }

  /** The address of a trust domain's listener with {@code profile}, if it is served. */
  public synchronized Optional<InetSocketAddress> address(
      TrustDomainName trustDomain, ServedTrustDomain.Profile profile) {
    BundleListener listener = listeners.get(new Key(trustDomain, profile));
    return listener == null ? Optional.empty() : Optional.of(listener.address());
  }

  /** {@code https://<bound address>:<port><path>}, the URL a client on this host would use. */
  public URI url(TrustDomainName trustDomain) {
    return url(address(trustDomain));
  }

  /** {@code https://<address>:<port><path>} for a bound address. */
  public URI url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("https://" + literal + ":" + address.getPort() + settings.path());
  }

  /** Stops every listener at once and the connection threads; open connections are cut off. */
  @Override
  public synchronized void close() {
    closed = true;
    listeners.values().forEach(BundleListener::close);
    listeners.clear();
    threads.close();
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
}
