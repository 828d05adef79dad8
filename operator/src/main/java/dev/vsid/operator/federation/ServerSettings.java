package dev.vsid.operator.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BundleEndpointServer} runs. All its listeners share these limits.
 *
 * @param path the one path that serves the bundle
 * @param workerThreads connection threads kept ready while idle; more are started on demand, one
 *     per open connection, up to {@code maxConnections}
 * @param exchangeDeadline the longest a connection may stay open (TLS handshake, request and
 *     response together); then it is closed and its thread interrupted
 * @param requestDeadline the longest a client may take to complete the TLS handshake and send the
 *     request line and headers; then its connection is closed
 * @param maxConnections open connections across all listeners; beyond it new connections are closed
 *     at once
 * @param maxConnectionsPerClient open connections from one client address (an IPv6 client: its /64
 *     prefix) across all listeners; beyond it new connections from it are closed at once
 */
public record ServerSettings(
    String path,
    int workerThreads,
    Duration exchangeDeadline,
    Duration requestDeadline,
    int maxConnections,
    int maxConnectionsPerClient) {
  public static final String DEFAULT_PATH = "/";
  public static final int DEFAULT_WORKER_THREADS = 4;
  public static final Duration DEFAULT_EXCHANGE_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 4;

  /** The bundle at "/", 4 idle threads, 5 s to send the request, 10 s per connection, 64 / 4. */
  public static final ServerSettings DEFAULTS =
      new ServerSettings(DEFAULT_PATH, DEFAULT_WORKER_THREADS, DEFAULT_EXCHANGE_DEADLINE);

  public ServerSettings {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("the bundle path must start with '/', got " + path);
    }
    requirePositive(workerThreads, "workerThreads");
    requirePositive(exchangeDeadline, "exchangeDeadline");
    requirePositive(requestDeadline, "requestDeadline");
    requirePositive(maxConnections, "maxConnections");
    requirePositive(maxConnectionsPerClient, "maxConnectionsPerClient");
  }

  /**
   * The default limits with this path, threads and exchange deadline; the request deadline is the
   * default one or the exchange deadline, whichever is shorter.
   */
  public ServerSettings(String path, int workerThreads, Duration exchangeDeadline) {
    this(
        path,
        workerThreads,
        exchangeDeadline,
        shorter(DEFAULT_REQUEST_DEADLINE, exchangeDeadline),
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONNECTIONS_PER_CLIENT);
  }

  /** These settings with another exchange deadline (and the request deadline no longer). */
  public ServerSettings withExchangeDeadline(Duration deadline) {
    return new ServerSettings(
        path,
        workerThreads,
        deadline,
        shorter(requestDeadline, deadline),
        maxConnections,
        maxConnectionsPerClient);
  }

  public ServerSettings withWorkerThreads(int threads) {
    return new ServerSettings(
        path, threads, exchangeDeadline, requestDeadline, maxConnections, maxConnectionsPerClient);
  }

  public ServerSettings withRequestDeadline(Duration deadline) {
    return new ServerSettings(
        path, workerThreads, exchangeDeadline, deadline, maxConnections, maxConnectionsPerClient);
  }

  public ServerSettings withConnectionLimits(int total, int perClient) {
    return new ServerSettings(
        path, workerThreads, exchangeDeadline, requestDeadline, total, perClient);
  }

  private static Duration shorter(Duration a, Duration b) {
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
