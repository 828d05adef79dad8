package dev.vsid.operator.config;

import java.util.Map;
import java.util.Objects;

/**
 * The HTTP server every replica runs for Prometheus and the kubelet's probes: {@code /metrics},
 * {@code /healthz} and {@code /readyz}, plain HTTP.
 *
 * @param enabled whether this process serves them; on in {@link #fromEnvironment(Map)}, off in
 *     {@link #disabled()} (tests and the embedded mode turn it on where they need it)
 * @param bindAddress the address the server binds ({@code VSID_METRICS_BIND_ADDRESS}, default
 *     0.0.0.0)
 * @param port the port ({@code VSID_METRICS_PORT}, default 8080); 0 lets the system choose
 */
public record MetricsSettings(boolean enabled, String bindAddress, int port) {
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;

  public MetricsSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("VSID_METRICS_BIND_ADDRESS must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("VSID_METRICS_PORT must be between 0 and 65535");
    }
  }

  /** Not served; the metrics are still collected. */
  public static MetricsSettings disabled() {
    return new MetricsSettings(false, DEFAULT_BIND_ADDRESS, DEFAULT_PORT);
  }

  /** Served on {@code bindAddress}:{@code port}. */
  public static MetricsSettings on(String bindAddress, int port) {
    return new MetricsSettings(true, bindAddress, port);
  }

  /** Reads {@code VSID_METRICS_PORT} and {@code VSID_METRICS_BIND_ADDRESS}; always served. */
  public static MetricsSettings fromEnvironment(Map<String, String> env) {
    String address = env.get("VSID_METRICS_BIND_ADDRESS");
    return new MetricsSettings(
        true,
        address == null || address.isBlank() ? DEFAULT_BIND_ADDRESS : address.trim(),
        port(env.get("VSID_METRICS_PORT")));
  }

  private static int port(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("VSID_METRICS_PORT must be a port number (0-65535)");
    }
  }
}
