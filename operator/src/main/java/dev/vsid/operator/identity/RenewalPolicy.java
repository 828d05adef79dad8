package dev.vsid.operator.identity;

import dev.vsid.operator.bundle.TrustFiles;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.text.Text;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an identity's SVID can stay or must be reissued, and why. An SVID stays unless
 * there is a reason: this is what keeps an idle operator from writing anything.
 */
final class RenewalPolicy {
  private static final int GENERAL_NAME_DNS = 2;

  /** Why an SVID is reissued. */
  enum Reason {
    FIRST_ISSUE("first_issue", "no SVID has been issued yet"),
    SECRET_MISSING("secret_missing", "the Secret is missing"),
    SECRET_INVALID("secret_invalid", "the Secret does not hold a valid SVID"),
    KEY_MISMATCH("key_mismatch", "the private key in the Secret does not match its certificate"),
    SPEC_CHANGED("spec_change", "the spec changed"),
    CA_CHANGED("ca_rotation", "the SVID is not signed by the trust domain's current CA"),
    EXPIRING("renewal", "the SVID reached its renewal time"),
    EXPIRED("expired", "the SVID has expired");

    private final String label;
    private final String text;

    Reason(String label, String text) {
      this.label = label;
      this.text = text;
    }

    /** The value of the {@code reason} label of the issuance metric. */
    String label() {
      return label;
    }

    String text() {
      return text;
    }
  }

  sealed interface Decision permits Keep, Reissue {}

  /** The SVID stays; only the bundle beside it may be out of date. */
  record Keep(X509Certificate leaf, boolean bundleOutdated) implements Decision {}

  /** A new SVID is needed. */
  record Reissue(Reason reason, String detail) implements Decision {
    String describe() {
      return detail == null ? reason.text() : reason.text() + ": " + Text.oneLine(detail);
    }
  }

  private RenewalPolicy() {}

  /** The time an SVID is renewed: two thirds into its validity. */
  static Instant renewalTime(X509Certificate leaf) {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Duration lifetime = Duration.between(notBefore, leaf.getNotAfter().toInstant());
    return notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
  }

  static Decision decide(
      DesiredSvid desired,
      CurrentSvid current,
      TrustFiles trustFiles,
      boolean issuedBefore,
      Instant now) {
    if (current == null) {
      return new Reissue(issuedBefore ? Reason.SECRET_MISSING : Reason.FIRST_ISSUE, null);
    }
    if (current.problem() != null) {
      return new Reissue(Reason.SECRET_INVALID, current.problem());
    }
    Optional<Reissue> broken = integrityProblem(desired, current);
    if (broken.isPresent()) {
      return broken.get();
    }
    Optional<String> change = specChange(desired, current);
    if (change.isPresent()) {
      return new Reissue(Reason.SPEC_CHANGED, change.get());
    }
    X509Certificate leaf = current.leaf();
    if (!now.isBefore(leaf.getNotAfter().toInstant())) {
      return new Reissue(Reason.EXPIRED, null);
    }
    if (!now.isBefore(renewalTime(leaf))) {
      return new Reissue(Reason.EXPIRING, null);
    }
    return new Keep(leaf, !trustFiles.sameAs(current.trustFiles()));
  }

  private static Optional<Reissue> integrityProblem(DesiredSvid desired, CurrentSvid current) {
    X509Certificate leaf = current.leaf();
    try {
      X509SvidChecker.checkLeaf(leaf);
    } catch (SvidCheckException e) {
      return Optional.of(new Reissue(Reason.SECRET_INVALID, e.getMessage()));
    }
    if (!X509SvidChecker.keyMatches(leaf, current.key())) {
      return Optional.of(new Reissue(Reason.KEY_MISMATCH, null));
    }
    try {
      X509SvidChecker.checkSignedBy(leaf, desired.ca().certificate());
    } catch (SvidCheckException e) {
      return Optional.of(new Reissue(Reason.CA_CHANGED, null));
    }
    if (!intermediates(current.chain()).equals(expectedIntermediates(desired))) {
      return Optional.of(new Reissue(Reason.CA_CHANGED, "the chain in tls.crt differs"));
    }
    return Optional.empty();
  }

  private static Optional<String> specChange(DesiredSvid desired, CurrentSvid current) {
    X509Certificate leaf = current.leaf();
    SpiffeId actualId = spiffeIdOf(leaf);
    if (!desired.spiffeId().equals(actualId)) {
      return Optional.of("SPIFFE ID " + actualId + " -> " + desired.spiffeId());
    }
    if (!dnsNames(leaf).equals(new HashSet<>(desired.dnsNames()))) {
      return Optional.of("DNS names " + dnsNames(leaf) + " -> " + desired.dnsNames());
    }
    Optional<KeyType> actualKey = KeyType.of(leaf.getPublicKey());
    if (actualKey.isEmpty() || actualKey.get() != desired.keyType()) {
      return Optional.of(
          "key type "
              + actualKey.map(KeyType::specName).orElse("unknown")
              + " -> "
              + desired.keyType().specName());
    }
    String ttl = Durations.format(desired.ttl());
    if (!ttl.equals(current.ttlAnnotation())) {
      return Optional.of(
          "lifetime " + Text.quote(current.ttlAnnotation()) + " recorded on the Secret -> " + ttl);
    }
    return Optional.empty();
  }

  private static SpiffeId spiffeIdOf(X509Certificate leaf) {
    try {
      return X509SvidChecker.checkLeaf(leaf);
    } catch (SvidCheckException e) {
      throw new IllegalStateException("leaf was checked before", e);
    }
  }

  private static List<X509Certificate> intermediates(List<X509Certificate> chain) {
    return chain.subList(1, chain.size());
  }

  private static List<X509Certificate> expectedIntermediates(DesiredSvid desired) {
    List<X509Certificate> caChain = desired.ca().chain();
    boolean selfSignedRoot = desired.ca().roots().contains(desired.ca().certificate());
    return selfSignedRoot ? List.of() : caChain;
  }

  static Set<String> dnsNames(X509Certificate leaf) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (((Integer) san.get(0)) == GENERAL_NAME_DNS) {
            names.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }
}
