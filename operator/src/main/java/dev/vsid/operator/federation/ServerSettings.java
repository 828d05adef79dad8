package dev.vsid.operator.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BundleEndpointServer} runs: the one path that serves the bundle, the number of
 * worker threads shared by all its listeners, and the longest time one exchange may hold a worker
 * (TLS handshake, request and response together), after which its connection is closed.
 */
public record ServerSettings(String path, int workerThreads, Duration exchangeDeadline) {
  public static final String DEFAULT_PATH = "/";
  public static final int DEFAULT_WORKER_THREADS = 4;
  public static final Duration DEFAULT_EXCHANGE_DEADLINE = Duration.ofSeconds(10);

  /** The bundle at "/", 4 workers, 10 s per exchange. */
  public static final ServerSettings DEFAULTS =
      new ServerSettings(DEFAULT_PATH, DEFAULT_WORKER_THREADS, DEFAULT_EXCHANGE_DEADLINE);

  public ServerSettings {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("the bundle path must start with '/', got " + path);
    }
    if (workerThreads <= 0) {
      throw new IllegalArgumentException("workerThreads must be positive, got " + workerThreads);
    }
    Objects.requireNonNull(exchangeDeadline, "exchangeDeadline");
    if (exchangeDeadline.isNegative() || exchangeDeadline.isZero()) {
      throw new IllegalArgumentException("exchangeDeadline must be positive");
    }
  }

  public ServerSettings withExchangeDeadline(Duration deadline) {
    return new ServerSettings(path, workerThreads, deadline);
  }

  public ServerSettings withWorkerThreads(int threads) {
    return new ServerSettings(path, threads, exchangeDeadline);
  }
}
