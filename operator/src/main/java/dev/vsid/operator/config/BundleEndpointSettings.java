package dev.vsid.operator.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How every replica serves the bundle endpoints that TrustDomains ask for in {@code
 * spec.bundleEndpoint}.
 *
 * @param enabled whether this process serves bundle endpoints at all ({@code
 *     VSID_BUNDLE_ENDPOINTS_ENABLED}, default true); when off, TrustDomains that ask for one report
 *     that it is not served
 * @param bindAddress the address every listener binds ({@code VSID_BUNDLE_ENDPOINT_BIND_ADDRESS},
 *     default 0.0.0.0); the port comes from each TrustDomain
 * @param syncInterval how often each replica compares its listeners, bundles and serving
 *     certificates with the TrustDomains and CA Secrets it has cached
 * @param svidTtl lifetime of the X509-SVID a listener presents under {@code https_spiffe}; each
 *     replica issues its own in memory and renews it at half its life
 */
public record BundleEndpointSettings(
    boolean enabled, String bindAddress, Duration syncInterval, Duration svidTtl) {
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SVID_TTL = Duration.ofHours(1);
  private static final Duration MINIMUM_SVID_TTL = Duration.ofMinutes(2);

  public BundleEndpointSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(svidTtl, "svidTtl");
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("VSID_BUNDLE_ENDPOINT_BIND_ADDRESS must not be blank");
    }
    if (syncInterval.toMillis() < 10) {
      throw new IllegalArgumentException("the bundle endpoint sync interval must be at least 10ms");
    }
    if (svidTtl.compareTo(MINIMUM_SVID_TTL) < 0) {
      throw new IllegalArgumentException(
          "the bundle endpoint SVID lifetime must be at least "
              + Durations.format(MINIMUM_SVID_TTL));
    }
  }

  /** Enabled, on every address, checked every 2 s, serving SVIDs of 1 h. */
  public static BundleEndpointSettings defaults() {
    return new BundleEndpointSettings(
        true, DEFAULT_BIND_ADDRESS, DEFAULT_SYNC_INTERVAL, DEFAULT_SVID_TTL);
  }

  /** Reads the {@code VSID_BUNDLE_ENDPOINT*} variables over the defaults. */
  public static BundleEndpointSettings fromEnvironment(Map<String, String> env) {
    BundleEndpointSettings d = defaults();
    String enabled = env.get("VSID_BUNDLE_ENDPOINTS_ENABLED");
    String address = env.get("VSID_BUNDLE_ENDPOINT_BIND_ADDRESS");
    return new BundleEndpointSettings(
        enabled == null || enabled.isBlank() ? d.enabled() : parseBoolean(enabled),
        address == null || address.isBlank() ? d.bindAddress() : address.trim(),
        d.syncInterval(),
        d.svidTtl());
  }

  private static boolean parseBoolean(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "VSID_BUNDLE_ENDPOINTS_ENABLED must be true or false, got " + value.trim());
    };
  }

  public BundleEndpointSettings withEnabled(boolean value) {
    return new BundleEndpointSettings(value, bindAddress, syncInterval, svidTtl);
  }

  public BundleEndpointSettings withBindAddress(String value) {
    return new BundleEndpointSettings(enabled, value, syncInterval, svidTtl);
  }

  public BundleEndpointSettings withSyncInterval(Duration value) {
    return new BundleEndpointSettings(enabled, bindAddress, value, svidTtl);
  }

  public BundleEndpointSettings withSvidTtl(Duration value) {
    return new BundleEndpointSettings(enabled, bindAddress, syncInterval, value);
  }
}
