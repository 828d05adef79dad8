package dev.vsid.operator.metrics;

import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.federation.FederatedBundles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the state gauges read from the informer caches of TrustDomains and their kin. */
public final class CacheReadings {
  private CacheReadings() {}

  /** The trust domain names the TrustDomains declare. */
  public static Set<String> trustDomainNames(Collection<TrustDomain> trustDomains) {
    return trustDomains.stream()
        .filter(td -> td.getSpec() != null && td.getSpec().getTrustDomain() != null)
        .map(td -> td.getSpec().getTrustDomain())
        .collect(Collectors.toSet());
  }

  /**
   * When the bundle of each foreign trust domain was last accepted, from the status of the
   * FederatedTrustDomain that speaks for it (the oldest naming it).
   */
  public static Map<String, Instant> lastAcceptedForeignBundles(
      Collection<FederatedTrustDomain> known) {
    Map<String, Instant> accepted = new HashMap<>();
    for (FederatedTrustDomain ftd : known) {
      String trustDomain = ftd.getSpec() == null ? null : ftd.getSpec().getTrustDomain();
      if (trustDomain == null || accepted.containsKey(trustDomain)) {
        continue;
      }
      FederatedBundles.first(known, trustDomain)
          .flatMap(CacheReadings::lastSuccess)
          .ifPresent(at -> accepted.put(trustDomain, at));
    }
    return accepted;
  }

  private static Optional<Instant> lastSuccess(FederatedTrustDomain ftd) {
    var status = ftd.getStatus();
    if (status == null || status.getLastSuccessTime() == null || status.getBundle() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(status.getLastSuccessTime()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
