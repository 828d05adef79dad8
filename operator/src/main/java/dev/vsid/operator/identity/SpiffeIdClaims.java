package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.policy.IdentityPolicy;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps a SPIFFE ID to one namespace. When identities in two namespaces claim the same ID, the one
 * holding it keeps it (see {@link #requireFirst}); the other is refused with {@code
 * SpiffeIdConflict} until the holder lets it go. Identities of one namespace may share an ID: they
 * belong to the same team.
 *
 * <p>The ID is not known before the trust domain is, so identities are indexed under the trust
 * domain resource and the part of their rendered path before any {@code {trustDomain}}; an ID's
 * rivals are then found under its path and each of its parent paths.
 */
final class SpiffeIdClaims {
  static final String INDEX = "bySpiffeIdPrefix";
  private static final String MARKER = "{trustDomain}";
  private static final Comparator<WorkloadIdentity> FIRST =
      Comparator.comparing(SpiffeIdClaims::createdAt)
          .thenComparing(wi -> wi.getMetadata().getNamespace())
          .thenComparing(wi -> wi.getMetadata().getName());

  /** Which identity this process last let claim each contested ID. */
  private final Map<String, ResourceID> holders = new ConcurrentHashMap<>();

  /** Refused identities by the ID they wait for, so that its holder's Secret events wake them. */
  private final Map<String, Set<ResourceID>> waiting = new ConcurrentHashMap<>();

  /** The index keys of an identity: "TrustDomain resource|rendered path up to a trust domain". */
  static List<String> indexKeys(WorkloadIdentity wi) {
    WorkloadIdentitySpec spec = wi.getSpec();
    if (spec == null || spec.parseProblem() != null || spec.getTrustDomain() == null) {
      return List.of();
    }
    String template =
        spec.getSpiffeIdPath() == null
            ? WorkloadIdentitySpec.DEFAULT_PATH_TEMPLATE
            : spec.getSpiffeIdPath();
    int marker = template.indexOf(MARKER);
    String head = marker < 0 ? template : template.substring(0, marker);
    String sa = spec.getServiceAccountName() == null ? "" : spec.getServiceAccountName();
    String rendered =
        head.replace("{namespace}", wi.getMetadata().getNamespace())
            .replace("{serviceAccount}", sa)
            .replace("{name}", wi.getMetadata().getName());
    if (marker >= 0) {
      rendered = rendered.substring(0, rendered.lastIndexOf('/') + 1);
    }
    return List.of(key(spec.getTrustDomain(), rendered));
  }

  private static String key(String trustDomainResource, String path) {
    return trustDomainResource + "|" + path;
  }

  /**
   * Refuses {@code id} for {@code wi} when an identity of another namespace holds it. The holder is
   * the one this process last let claim it; failing that (after a restart, or on a new leader), the
   * one whose Secret holds the most recently issued SVID for the ID; failing that, the one created
   * first. The status is not evidence: a tenant who may write their identity's status could claim
   * to hold any ID. {@code issuedAt} must only accept an SVID the trust domain's CA signed, whose
   * key is in the Secret, so that a certificate seen in a TLS handshake proves nothing either. The
   * choice and its record happen under one lock, so two identities whose reconciles race cannot
   * both be let through: the later one always finds the earlier one in the cache, since the API
   * server delivers them in order.
   *
   * @param labelsOf the labels of a namespace, for the policy's selectors
   * @param issuedAt when the live SVID for {@code id} in an identity's Secret was issued, if it
   *     holds one
   * @return the identities of other namespaces that claim the same ID too
   */
  synchronized List<ResourceID> requireFirst(
      WorkloadIdentity wi,
      SpiffeId id,
      TrustDomainSettings td,
      IdentityPolicy policy,
      IndexerResourceCache<WorkloadIdentity> identities,
      Function<String, Map<String, String>> labelsOf,
      Function<WorkloadIdentity, Optional<Instant>> issuedAt)
      throws BadInputException {
    List<WorkloadIdentity> rivals = rivals(wi, id, td, policy, identities, labelsOf);
    ResourceID self = ResourceID.fromResource(wi);
    Optional<WorkloadIdentity> holder = holder(wi, id, rivals, issuedAt);
    if (holder.isPresent()) {
      waiting.computeIfAbsent(id.toString(), k -> ConcurrentHashMap.newKeySet()).add(self);
      throw conflict(id, holder.get());
    }
    holders.put(id.toString(), self);
    forget(self);
    return rivals.stream().map(ResourceID::fromResource).toList();
  }

  private Optional<WorkloadIdentity> holder(
      WorkloadIdentity wi,
      SpiffeId id,
      List<WorkloadIdentity> rivals,
      Function<WorkloadIdentity, Optional<Instant>> issuedAt) {
    if (rivals.isEmpty()) {
      return Optional.empty();
    }
    ResourceID self = ResourceID.fromResource(wi);
    ResourceID recorded = holders.get(id.toString());
    Optional<WorkloadIdentity> known =
        rivals.stream().filter(r -> ResourceID.fromResource(r).equals(recorded)).findFirst();
    if (known.isPresent() || self.equals(recorded)) {
      return known;
    }
    List<WorkloadIdentity> all = new ArrayList<>(rivals);
    all.add(wi);
    Map<ResourceID, Instant> issued = new HashMap<>();
    for (WorkloadIdentity candidate : all) {
      issuedAt.apply(candidate).ifPresent(at -> issued.put(ResourceID.fromResource(candidate), at));
    }
    Comparator<WorkloadIdentity> order =
        issued.isEmpty()
            ? FIRST
            : Comparator.comparing(
                    (WorkloadIdentity c) ->
                        issued.getOrDefault(ResourceID.fromResource(c), Instant.MIN))
                .reversed()
                .thenComparing(FIRST);
    return all.stream().min(order).filter(c -> !ResourceID.fromResource(c).equals(self));
  }

  /** The identities waiting for {@code spiffeId} to be let go. */
  Set<ResourceID> waitingFor(String spiffeId) {
    return spiffeId == null ? Set.of() : Set.copyOf(waiting.getOrDefault(spiffeId, Set.of()));
  }

  /** Stops waking {@code identity} for any ID: it holds its ID, or no longer claims one. */
  void forget(ResourceID identity) {
    waiting.values().forEach(set -> set.remove(identity));
    waiting.values().removeIf(Set::isEmpty);
  }

  private static List<WorkloadIdentity> rivals(
      WorkloadIdentity wi,
      SpiffeId id,
      TrustDomainSettings td,
      IdentityPolicy policy,
      IndexerResourceCache<WorkloadIdentity> identities,
      Function<String, Map<String, String>> labelsOf) {
    String trustDomainResource = wi.getSpec().getTrustDomain();
    String namespace = wi.getMetadata().getNamespace();
    List<WorkloadIdentity> rivals = new ArrayList<>();
    for (String candidateKey : candidateKeys(trustDomainResource, id.path())) {
      for (WorkloadIdentity other : identities.byIndex(INDEX, candidateKey)) {
        String otherNamespace = other.getMetadata().getNamespace();
        if (otherNamespace.equals(namespace)) {
          continue;
        }
        Optional<SpiffeId> claimed =
            DesiredSvidResolver.claimedId(other, td, policy, labelsOf.apply(otherNamespace));
        if (claimed.isPresent() && claimed.get().equals(id)) {
          rivals.add(other);
        }
      }
    }
    return rivals;
  }

  /** The path itself, and each of its parents ending in '/'. */
  private static List<String> candidateKeys(String trustDomainResource, String path) {
    List<String> keys = new ArrayList<>();
    keys.add(key(trustDomainResource, path));
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      keys.add(key(trustDomainResource, path.substring(0, i + 1)));
    }
    return keys;
  }

  private static BadInputException conflict(SpiffeId id, WorkloadIdentity holder) {
    return new BadInputException(
        Reasons.SPIFFE_ID_CONFLICT,
        id
            + " is already claimed by a WorkloadIdentity in namespace "
            + holder.getMetadata().getNamespace()
            + ", created earlier; two namespaces cannot share a SPIFFE ID. Choose another"
            + " spec.spiffeIdPath; this identity gets the ID only if the other lets it go");
  }

  private static Instant createdAt(WorkloadIdentity wi) {
    String created = wi.getMetadata().getCreationTimestamp();
    try {
      return created == null ? Instant.MAX : Instant.parse(created);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
