package dev.vsid.operator.bundle;

import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The X.509 trust bundle of one trust domain: its root CA certificates (the authorities), the
 * bundle's sequence number and its refresh hint. Immutable.
 *
 * <p>The authorities are kept in one deterministic order, by the SHA-256 fingerprint of their DER
 * encoding, and a certificate given twice (same DER) is kept once. So two bundles built from the
 * same certificates in any order, with or without repeats, are equal and serialise to the same
 * bytes.
 *
 * <p>The refresh hint is kept in whole seconds, the unit of the SPIFFE bundle format; a hint with a
 * fraction of a second is rounded up. Bundles are equal when their trust domain, authorities,
 * sequence and refresh hint are equal: a bundle whose sequence alone changed is a change to
 * propagate.
 */
public final class TrustBundle {
  private final TrustDomainName trustDomain;
  private final List<X509Certificate> authorities;
  private final OptionalLong sequence;
  private final Optional<Duration> refreshHint;

  private TrustBundle(
      TrustDomainName trustDomain,
      List<X509Certificate> authorities,
      OptionalLong sequence,
      Optional<Duration> refreshHint) {
    this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    this.authorities = authorities;
    this.sequence = sequence;
    this.refreshHint = refreshHint;
  }

  /** A bundle of {@code authorities}, with no sequence and no refresh hint. */
  public static TrustBundle of(
      TrustDomainName trustDomain, Collection<X509Certificate> authorities) {
    return new TrustBundle(
        trustDomain, canonical(authorities), OptionalLong.empty(), Optional.empty());
  }

  /** A bundle with no authorities: every SVID of the trust domain is then untrusted. */
  public static TrustBundle empty(TrustDomainName trustDomain) {
    return of(trustDomain, List.of());
  }

  public TrustDomainName trustDomain() {
    return trustDomain;
  }

  /** The root certificates, sorted by SHA-256 fingerprint, without duplicates; unmodifiable. */
  public List<X509Certificate> authorities() {
    return authorities;
  }

  public boolean isEmpty() {
    return authorities.isEmpty();
  }

  public OptionalLong sequence() {
    return sequence;
  }

  /** How often consumers should check for a new bundle, in whole seconds. */
  public Optional<Duration> refreshHint() {
    return refreshHint;
  }

  /** A copy with these authorities (sorted and de-duplicated) instead of the current ones. */
  public TrustBundle withAuthorities(Collection<X509Certificate> newAuthorities) {
    return new TrustBundle(trustDomain, canonical(newAuthorities), sequence, refreshHint);
  }

  /** A copy with this sequence number, which must not be negative. */
  public TrustBundle withSequence(long newSequence) {
    if (newSequence < 0) {
      throw new IllegalArgumentException("a bundle sequence must not be negative: " + newSequence);
    }
    return new TrustBundle(trustDomain, authorities, OptionalLong.of(newSequence), refreshHint);
  }

  /** A copy without a sequence number. */
  public TrustBundle withoutSequence() {
    return new TrustBundle(trustDomain, authorities, OptionalLong.empty(), refreshHint);
  }

  /** A copy with this refresh hint, rounded up to whole seconds; it must not be negative. */
  public TrustBundle withRefreshHint(Duration newHint) {
    Objects.requireNonNull(newHint, "refreshHint");
    if (newHint.isNegative()) {
      throw new IllegalArgumentException("a refresh hint must not be negative: " + newHint);
    }
    Duration seconds = Duration.ofSeconds(wholeSecondsRoundedUp(newHint));
    return new TrustBundle(trustDomain, authorities, sequence, Optional.of(seconds));
  }

  /** A copy without a refresh hint. */
  public TrustBundle withoutRefreshHint() {
    return new TrustBundle(trustDomain, authorities, sequence, Optional.empty());
  }

  static long wholeSecondsRoundedUp(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? Math.addExact(seconds, 1) : seconds;
  }

  private static List<X509Certificate> canonical(Collection<X509Certificate> certificates) {
    Objects.requireNonNull(certificates, "authorities");
    TreeMap<String, X509Certificate> byFingerprint = new TreeMap<>();
    for (X509Certificate certificate : certificates) {
      Objects.requireNonNull(certificate, "an authority is null");
      byFingerprint.putIfAbsent(Fingerprints.sha256(certificate), certificate);
    }
    return List.copyOf(byFingerprint.values());
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof TrustBundle)) {
      return false;
    }
    TrustBundle that = (TrustBundle) other;
    return trustDomain.equals(that.trustDomain)
        && authorities.equals(that.authorities)
        && sequence.equals(that.sequence)
        && refreshHint.equals(that.refreshHint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trustDomain, authorities, sequence, refreshHint);
  }

  /** Trust domain, number of authorities and sequence; never certificate contents. */
  @Override
  public String toString() {
    String seq = sequence.isPresent() ? Long.toString(sequence.getAsLong()) : "none";
    return "TrustBundle{trustDomain="
        + trustDomain
        + ", authorities="
        + authorities.size()
        + ", sequence="
        + seq
        + "}";
  }
}
