package dev.vsid.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pod binding webhook: an HTTPS endpoint that every replica serves, and the
 * ValidatingWebhookConfiguration that sends Pod creations to it.
 *
 * @param enabled serve the webhook and keep its configuration; off in {@link #disabled()}, on by
 *     default in {@link #fromEnvironment(Map)}
 * @param port the port to listen on; 0 lets the system choose (tests)
 * @param bindAddress the address to listen on
 * @param serviceName the Service, in the operator's namespace, that leads to the replicas
 * @param servicePort the Service's port that the API server calls
 * @param configurationName name of the ValidatingWebhookConfiguration
 * @param failurePolicy what the API server does with a pod when the webhook cannot be reached
 * @param excludedNamespaces namespaces whose pods are never sent to the webhook, besides the
 *     operator's own and {@code kube-system}
 * @param checkInterval how often each replica checks the certificates and the configuration
 */
public record WebhookSettings(
    boolean enabled,
    int port,
    String bindAddress,
    String serviceName,
    int servicePort,
    String configurationName,
    FailurePolicy failurePolicy,
    Set<String> excludedNamespaces,
    Duration checkInterval) {

  /** As the API server spells it in {@code failurePolicy}. */
  public enum FailurePolicy {
    Fail,
    Ignore
  }

  public static final String DEFAULT_SERVICE_NAME = "vsid-operator-webhook";
  public static final String DEFAULT_CONFIGURATION_NAME = "vsid-operator-pod-binding";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public WebhookSettings {
    requirePort(port, 0, "VSID_WEBHOOK_PORT");
    requirePort(servicePort, 1, "VSID_WEBHOOK_SERVICE_PORT");
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("VSID_WEBHOOK_BIND_ADDRESS must not be blank");
    }
    if (serviceName == null || !DNS_LABEL.matcher(serviceName).matches()) {
      throw new IllegalArgumentException(
          "VSID_WEBHOOK_SERVICE_NAME must be a Service name: lowercase letters, digits and '-',"
              + " starting with a letter, at most 63 characters");
    }
    requireName(configurationName, "VSID_WEBHOOK_CONFIGURATION_NAME");
    if (failurePolicy == null) {
      throw new IllegalArgumentException("VSID_WEBHOOK_FAILURE_POLICY must be Fail or Ignore");
    }
    excludedNamespaces = Set.copyOf(excludedNamespaces);
    excludedNamespaces.forEach(ns -> requireName(ns, "VSID_WEBHOOK_EXCLUDE_NAMESPACES"));
    if (checkInterval == null || checkInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("VSID_WEBHOOK_CHECK_INTERVAL must be at least 10ms");
    }
  }

  /** Off, with the defaults of a cluster ready for {@link #withEnabled(boolean)}. */
  public static WebhookSettings disabled() {
    return new WebhookSettings(
        false,
        9443,
        "0.0.0.0",
        DEFAULT_SERVICE_NAME,
        443,
        DEFAULT_CONFIGURATION_NAME,
        FailurePolicy.Fail,
        Set.of(),
        Duration.ofSeconds(10));
  }

  /** Reads the {@code VSID_WEBHOOK_*} variables; the webhook is on unless turned off. */
  public static WebhookSettings fromEnvironment(Map<String, String> env) {
    WebhookSettings d = disabled();
    return new WebhookSettings(
        parseBoolean(env, "VSID_WEBHOOK_ENABLED", true),
        parsePort(env, "VSID_WEBHOOK_PORT", d.port()),
        orDefault(env, "VSID_WEBHOOK_BIND_ADDRESS", d.bindAddress()),
        orDefault(env, "VSID_WEBHOOK_SERVICE_NAME", d.serviceName()),
        parsePort(env, "VSID_WEBHOOK_SERVICE_PORT", d.servicePort()),
        orDefault(env, "VSID_WEBHOOK_CONFIGURATION_NAME", d.configurationName()),
        parseFailurePolicy(env.get("VSID_WEBHOOK_FAILURE_POLICY"), d.failurePolicy()),
        parseSet(env.get("VSID_WEBHOOK_EXCLUDE_NAMESPACES")),
        parseDuration(env, "VSID_WEBHOOK_CHECK_INTERVAL", d.checkInterval()));
  }

  public WebhookSettings withEnabled(boolean value) {
    return new WebhookSettings(
        value,
        port,
        bindAddress,
        serviceName,
        servicePort,
        configurationName,
        failurePolicy,
        excludedNamespaces,
        checkInterval);
  }

  /** Listens on {@code address}:{@code listenPort}; port 0 lets the system choose. */
  public WebhookSettings withListener(String address, int listenPort) {
    return new WebhookSettings(
        enabled,
        listenPort,
        address,
        serviceName,
        servicePort,
        configurationName,
        failurePolicy,
        excludedNamespaces,
        checkInterval);
  }

  public WebhookSettings withFailurePolicy(FailurePolicy value) {
    return new WebhookSettings(
        enabled,
        port,
        bindAddress,
        serviceName,
        servicePort,
        configurationName,
        value,
        excludedNamespaces,
        checkInterval);
  }

  public WebhookSettings withExcludedNamespaces(Set<String> value) {
    return new WebhookSettings(
        enabled,
        port,
        bindAddress,
        serviceName,
        servicePort,
        configurationName,
        failurePolicy,
        value,
        checkInterval);
  }

  public WebhookSettings withCheckInterval(Duration value) {
    return new WebhookSettings(
        enabled,
        port,
        bindAddress,
        serviceName,
        servicePort,
        configurationName,
        failurePolicy,
        excludedNamespaces,
        value);
  }

  private static void requirePort(int port, int lowest, String variable) {
    if (port < lowest || port > 65535) {
      throw new IllegalArgumentException(
          variable + " must be a port number from " + lowest + " to 65535");
    }
  }

  private static void requireName(String value, String variable) {
    if (value == null || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          variable + " must hold lowercase DNS names (letters, digits, '-', '.')");
    }
  }

  private static boolean parseBoolean(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false");
    };
  }

  private static int parsePort(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number from 1 to 65535");
    }
  }

  private static FailurePolicy parseFailurePolicy(String value, FailurePolicy fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return Arrays.stream(FailurePolicy.values())
        .filter(p -> p.name().equals(value.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("VSID_WEBHOOK_FAILURE_POLICY must be Fail or Ignore"));
  }

  private static String orDefault(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static Set<String> parseSet(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Duration parseDuration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
