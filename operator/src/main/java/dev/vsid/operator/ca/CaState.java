package dev.vsid.operator.ca;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a trust domain's CA Secret holds: the active CA that signs, the next CA while a
 * rotation publishes it, the old roots still trusted after a rotation, and where the rotation
 * stands. The CA Secret is the only record of a rotation, and each step changes it in one write, so
 * a restart at any point resumes from what is stored.
 *
 * @param active the CA that signs SVIDs
 * @param next the CA that will sign after the rotation in progress, if any
 * @param retiring old roots that stay trusted until no live SVID depends on them
 * @param rotation the state of the rotation in progress, or of the last one
 */
public record CaState(
    CertificateAuthority active,
    Optional<CertificateAuthority> next,
    List<X509Certificate> retiring,
    Rotation rotation) {

  /** The rotation reason recorded when the CA Secret was lost and a new CA took over. */
  public static final String CA_SECRET_DELETED = "CaSecretDeleted";

  /** Where a rotation stands. */
  public enum Phase {
    /** One CA; nothing in progress. */
    STABLE,
    /** The next CA's root is being published in every bundle; the active CA still signs. */
    PUBLISHING,
    /** The next root is everywhere; waiting for mounted files in pods to catch up. */
    PROPAGATING,
    /** The new CA signs; SVIDs of the old one are reissued; the old roots stay trusted. */
    RETIRING
  }

  /**
   * The bookkeeping of a rotation, stored as annotations on the CA Secret.
   *
   * @param reason why the rotation in progress started (Scheduled, Requested, ...), or null
   * @param startedAt when it started
   * @param publishedAt when the next root was seen in every bundle
   * @param switchedAt when the next CA became the active one
   * @param handledRequest the last spec.ca.rotation.request acted on
   * @param dropOldRoot whether the old roots go at the switch instead of staying trusted
   */
  public record Rotation(
      String reason,
      Instant startedAt,
      Instant publishedAt,
      Instant switchedAt,
      String handledRequest,
      boolean dropOldRoot) {
    public static final Rotation NONE = new Rotation(null, null, null, null, null, false);
  }

  public CaState {
    retiring = List.copyOf(retiring);
  }

  /** A state with only {@code active}. */
  public static CaState of(CertificateAuthority active) {
    return new CaState(active, Optional.empty(), List.of(), Rotation.NONE);
  }

  public Phase phase() {
    if (next.isPresent()) {
      return rotation.publishedAt() == null ? Phase.PUBLISHING : Phase.PROPAGATING;
    }
    return retiring.isEmpty() ? Phase.STABLE : Phase.RETIRING;
  }

  /**
   * The roots a workload of this trust domain must trust at {@code now}: the active CA's, the next
   * CA's and the retiring ones, without duplicates and without roots that have expired.
   */
  public List<X509Certificate> trustedRoots(Instant now) {
    Map<String, X509Certificate> roots = new LinkedHashMap<>();
    List<X509Certificate> all = new ArrayList<>(active.roots());
    next.ifPresent(ca -> all.addAll(ca.roots()));
    all.addAll(retiring);
    for (X509Certificate root : all) {
      if (now.isBefore(root.getNotAfter().toInstant())) {
        roots.putIfAbsent(Fingerprints.sha256(root), root);
      }
    }
    return List.copyOf(roots.values());
  }

  /** The retiring roots that have not expired at {@code now}. */
  public List<X509Certificate> liveRetiring(Instant now) {
    return retiring.stream().filter(r -> now.isBefore(r.getNotAfter().toInstant())).toList();
  }
}
