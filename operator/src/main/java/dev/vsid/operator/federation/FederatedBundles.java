package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.bundle.BundleFormatException;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bundles of foreign trust domains as the FederatedTrustDomains' statuses hold them: the last
 * bundle each one accepted, kept there so that a failing source does not take it away. Parsed once
 * per resource version.
 */
public final class FederatedBundles {
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(String resourceVersion, Optional<TrustBundle> bundle) {}

  /**
   * The bundles of the trust domains in {@code wanted} that are in use, and the names of those that
   * are not (no FederatedTrustDomain, or none with a bundle yet).
   */
  public record Selection(
      Map<TrustDomainName, TrustBundle> bundles, List<String> missing, List<String> local) {
    public static Selection none() {
      return new Selection(Map.of(), List.of(), List.of());
    }
  }

  /**
   * Picks the bundles of {@code wanted} from {@code known}; {@code own} is never its own federated
   * trust domain and is skipped. When two FederatedTrustDomains name one trust domain, the older
   * one counts.
   */
  public Selection select(
      Collection<FederatedTrustDomain> known, Collection<String> wanted, TrustDomainName own) {
    return select(known, wanted, own, java.util.Set.of());
  }

  /**
   * As {@link #select(Collection, Collection, TrustDomainName)}; names in {@code served} are trust
   * domains this operator serves itself: no FederatedTrustDomain may speak for them, and federating
   * between local trust domains is not supported yet, so they are listed apart.
   */
  public Selection select(
      Collection<FederatedTrustDomain> known,
      Collection<String> wanted,
      TrustDomainName own,
      java.util.Set<String> served) {
    List<String> local = new ArrayList<>();
    Map<TrustDomainName, TrustBundle> bundles = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : wanted) {
      if (name == null || name.equals(own.name())) {
        continue;
      }
      if (served.contains(name)) {
        if (!local.contains(name)) {
          local.add(name);
        }
        continue;
      }
      Optional<TrustBundle> bundle = first(known, name).flatMap(this::bundleOf);
      if (bundle.isPresent()) {
        bundles.put(bundle.get().trustDomain(), bundle.get());
      } else if (!missing.contains(name)) {
        missing.add(name);
      }
    }
    return new Selection(Map.copyOf(bundles), List.copyOf(missing), List.copyOf(local));
  }

  /** The FederatedTrustDomain that speaks for {@code trustDomain}: the oldest naming it. */
  public static Optional<FederatedTrustDomain> first(
      Collection<FederatedTrustDomain> known, String trustDomain) {
    return known.stream()
        .filter(f -> f.getSpec() != null && trustDomain.equals(f.getSpec().getTrustDomain()))
        .min(
            Comparator.comparing((FederatedTrustDomain f) -> created(f))
                .thenComparing(f -> f.getMetadata().getName()));
  }

  private static String created(FederatedTrustDomain f) {
    String at = f.getMetadata().getCreationTimestamp();
    return at == null ? "~" : at;
  }

  /** The bundle a FederatedTrustDomain's status holds, when there is a readable one. */
  public Optional<TrustBundle> bundleOf(FederatedTrustDomain ftd) {
    String key = ftd.getMetadata().getName();
    String version = String.valueOf(ftd.getMetadata().getResourceVersion());
    Parsed cached = parsed.get(key);
    if (cached != null && cached.resourceVersion().equals(version)) {
      return cached.bundle();
    }
    Optional<TrustBundle> bundle = parse(ftd);
    parsed.put(key, new Parsed(version, bundle));
    return bundle;
  }

  private static Optional<TrustBundle> parse(FederatedTrustDomain ftd) {
    if (ftd.getSpec() == null) {
      return Optional.empty();
    }
    try {
      TrustDomainName name = new TrustDomainName(ftd.getSpec().getTrustDomain());
      return inStatus(ftd.getStatus(), name).filter(bundle -> !bundle.isEmpty());
    } catch (InvalidSpiffeIdException e) {
      return Optional.empty();
    }
  }

  /**
   * The bundle a status holds for {@code trustDomain}: only a readable one the status records as
   * that trust domain's (a bundle kept across a change of spec.trustDomain, or with no record, is
   * not).
   */
  static Optional<TrustBundle> inStatus(
      FederatedTrustDomainStatus status, TrustDomainName trustDomain) {
    if (status == null
        || status.parseProblem() != null
        || status.getBundle() == null
        || !trustDomain.name().equals(status.getTrustDomain())) {
      return Optional.empty();
    }
    try {
      return Optional.of(SpiffeBundleJson.read(trustDomain, status.getBundle()));
    } catch (BundleFormatException e) {
      return Optional.empty();
    }
  }

  /** The trust domain names the given TrustDomains serve. */
  public static Set<String> servedBy(Stream<TrustDomain> trustDomains) {
    return trustDomains
        .map(td -> td.getSpec() == null ? null : td.getSpec().getTrustDomain())
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }
}
