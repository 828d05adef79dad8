package dev.vsid.operator.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one bundle fetch.
 *
 * @param connectTimeout the longest wait for the TCP connection and the TLS handshake (the JDK's
 *     HTTP client counts the handshake as part of connecting)
 * @param readTimeout the longest the whole fetch may take, from the start of the connection to the
 *     last byte of the body; a server that accepts and never answers fails after at most this
 * @param maxBodyBytes the largest body read; a larger one is refused without being read in full
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, int maxBodyBytes) {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** 5 s to connect, 10 s to read, 1 MiB of body. */
  public static final FetchSettings DEFAULTS =
      new FetchSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_BODY_BYTES);

  public FetchSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
  }

  public FetchSettings withConnectTimeout(Duration timeout) {
    return new FetchSettings(timeout, readTimeout, maxBodyBytes);
  }

  public FetchSettings withReadTimeout(Duration timeout) {
    return new FetchSettings(connectTimeout, timeout, maxBodyBytes);
  }

  public FetchSettings withMaxBodyBytes(int bytes) {
    return new FetchSettings(connectTimeout, readTimeout, bytes);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }
}
