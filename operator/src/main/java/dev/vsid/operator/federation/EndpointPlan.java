package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which TrustDomains get their bundle endpoint, worked out the same way by every replica from the
 * same TrustDomains: the oldest TrustDomain keeps a port (or a trust domain name) that a younger
 * one also asks for, and ports the operator uses for itself are refused.
 */
public final class EndpointPlan {
  private final Map<String, Outcome> outcomes;

  private EndpointPlan(Map<String, Outcome> outcomes) {
    this.outcomes = outcomes;
  }

  /** What becomes of one TrustDomain's spec.bundleEndpoint. */
  public sealed interface Outcome {}

  /** Served as configured. */
  public record Serve(EndpointConfig config) implements Outcome {}

  /** Not served; the reason and message say what to change. */
  public record Refused(String reason, String message) implements Outcome {}

  /**
   * @param reservedPorts ports this process listens on for other purposes, with what they are for
   */
  public static EndpointPlan of(
      Collection<TrustDomain> trustDomains, Map<Integer, String> reservedPorts) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Map<Integer, String> ports = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    // The CA of a trust domain name belongs to the oldest TrustDomain declaring it, endpoint or
    // not; a younger duplicate has no CA to serve and must not hold a port either.
    trustDomains.stream()
        .filter(td -> td.getSpec() != null && td.getSpec().getTrustDomain() != null)
        .sorted(OLDEST_FIRST)
        .forEach(td -> names.putIfAbsent(td.getSpec().getTrustDomain(), name(td)));
    trustDomains.stream()
        .filter(td -> td.getSpec() != null && td.getSpec().getBundleEndpoint() != null)
        .sorted(OLDEST_FIRST)
        .forEach(td -> outcomes.put(name(td), outcome(td, reservedPorts, ports, names)));
    return new EndpointPlan(outcomes);
  }

  /** The outcome for the TrustDomain named {@code resource}; empty when it asks for no endpoint. */
  public Optional<Outcome> outcome(String resource) {
    return Optional.ofNullable(outcomes.get(resource));
  }

  /** The endpoints to serve, by TrustDomain name. */
  public Map<String, EndpointConfig> served() {
    Map<String, EndpointConfig> served = new LinkedHashMap<>();
    outcomes.forEach(
        (name, outcome) -> {
          if (outcome instanceof Serve serve) {
            served.put(name, serve.config());
          }
        });
    return served;
  }

  public Set<String> resources() {
    return outcomes.keySet();
  }

  private static Outcome outcome(
      TrustDomain td,
      Map<Integer, String> reserved,
      Map<Integer, String> ports,
      Map<String, String> names) {
    EndpointConfig config;
    try {
      Optional<EndpointConfig> read = EndpointConfig.of(td);
      if (read.isEmpty()) {
        return new Refused(Reasons.INVALID_BUNDLE_ENDPOINT, "spec.bundleEndpoint is missing");
      }
      config = read.get();
    } catch (BadInputException e) {
      return new Refused(e.reason(), e.getMessage());
    }
    String owner = names.get(config.trustDomain().name());
    if (owner != null && !owner.equals(name(td))) {
      return new Refused(
          Reasons.DUPLICATE_TRUST_DOMAIN,
          "trust domain "
              + config.trustDomain()
              + " belongs to TrustDomain "
              + owner
              + ", which is older and holds its CA; only that TrustDomain may serve its bundle");
    }
    for (int port : config.ports()) {
      String use = reserved.get(port);
      if (use != null) {
        return new Refused(
            Reasons.BUNDLE_ENDPOINT_PORT_IN_USE,
            "port " + port + " is used by the operator for " + use + "; choose another port");
      }
      String holder = ports.get(port);
      if (holder != null) {
        return new Refused(
            Reasons.BUNDLE_ENDPOINT_PORT_IN_USE,
            "port "
                + port
                + " is already used by the bundle endpoint of TrustDomain "
                + holder
                + ", which is older; choose another port");
      }
    }
    String name = name(td);
    config.ports().forEach(port -> ports.put(port, name));
    return new Serve(config);
  }

  private static String name(TrustDomain td) {
    return td.getMetadata().getName();
  }

  private static final Comparator<TrustDomain> OLDEST_FIRST =
      Comparator.comparing(
              (TrustDomain td) ->
                  td.getMetadata().getCreationTimestamp() == null
                      ? ""
                      : td.getMetadata().getCreationTimestamp())
          .thenComparing(td -> td.getMetadata().getName());
}
