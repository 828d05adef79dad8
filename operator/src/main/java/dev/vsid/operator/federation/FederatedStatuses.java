package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import java.time.Instant;

/** Builds FederatedTrustDomain statuses. Condition messages hold no times, so they stay stable. */
final class FederatedStatuses {
  private FederatedStatuses() {}

  /**
   * A status that keeps everything the previous one said, above all the bundle in use, when it
   * records which trust domain that bundle belongs to. A bundle with no such record is dropped and
   * read again from its source.
   */
  static FederatedTrustDomainStatus carryOver(FederatedTrustDomainStatus previous) {
    FederatedTrustDomainStatus next = new FederatedTrustDomainStatus();
    if (previous == null || previous.parseProblem() != null) {
      return next;
    }
    next.setTrustDomain(previous.getTrustDomain());
    next.setBundle(previous.getBundle());
    next.setSequence(previous.getSequence());
    next.setRefreshHint(previous.getRefreshHint());
    next.setRootFingerprints(previous.getRootFingerprints());
    next.setLastSuccessTime(previous.getLastSuccessTime());
    next.setLastAttemptTime(previous.getLastAttemptTime());
    next.setNextRefreshTime(previous.getNextRefreshTime());
    next.setLastError(previous.getLastError());
    if (next.getTrustDomain() == null && next.getBundle() != null) {
      dropBundle(next);
    }
    return next;
  }

  /**
   * Refuses a spec whose trust domain is not the one the bundle kept belongs to: spec.trustDomain
   * is immutable, but not every API server enforces that. The bundle is dropped, so that it never
   * passes for another trust domain's, and the status keeps the trust domain it belonged to.
   */
  static void requireRecordedTrustDomain(FederatedTrustDomainStatus next, String specTrustDomain)
      throws BadInputException {
    String recorded = next.getTrustDomain();
    if (recorded == null || recorded.equals(specTrustDomain)) {
      return;
    }
    dropBundle(next);
    String was = Text.quote(recorded);
    throw new BadInputException(
        Reasons.TRUST_DOMAIN_CHANGED,
        "spec.trustDomain was changed from "
            + was
            + " to "
            + (specTrustDomain == null ? "nothing" : Text.quote(specTrustDomain))
            + ", but it is immutable: the bundle of "
            + was
            + " was dropped and no other is used. Set spec.trustDomain back to "
            + was
            + ", or delete this FederatedTrustDomain and create a new one");
  }

  private static void dropBundle(FederatedTrustDomainStatus next) {
    next.setBundle(null);
    next.setSequence(null);
    next.setRefreshHint(null);
    next.setRootFingerprints(null);
    next.setLastSuccessTime(null);
    next.setNextRefreshTime(null);
    next.setLastError(null);
  }

  /** Records a bundle read or fetched at {@code now}. */
  static void accepted(
      FederatedTrustDomainStatus next, FederatedTrustDomainReconciler.Loaded loaded, Instant now) {
    String json = SpiffeBundleJson.write(loaded.bundle());
    boolean changed = !json.equals(next.getBundle());
    next.setTrustDomain(loaded.bundle().trustDomain().name());
    next.setBundle(json);
    next.setSequence(loaded.sequence().isPresent() ? loaded.sequence().getAsLong() : null);
    next.setRootFingerprints(
        loaded.bundle().authorities().stream().map(Fingerprints::sha256).sorted().toList());
    next.setRefreshHint(loaded.refreshIn().map(Durations::format).orElse(null));
    next.setNextRefreshTime(loaded.refreshIn().map(d -> now.plus(d).toString()).orElse(null));
    next.setLastError(null);
    if (changed || loaded.refreshIn().isPresent() || next.getLastSuccessTime() == null) {
      next.setLastSuccessTime(now.toString());
      next.setLastAttemptTime(now.toString());
    }
  }

  /** Records a failed attempt; the bundle in use stays. */
  static void failed(FederatedTrustDomainStatus next, String error, Instant now, Instant retryAt) {
    next.setLastError(error);
    next.setLastAttemptTime(now.toString());
    next.setNextRefreshTime(retryAt.toString());
  }

  static String inUse(
      FederatedTrustDomainStatus next, FederatedTrustDomainReconciler.Loaded loaded) {
    int roots = loaded.bundle().authorities().size();
    return "bundle of "
        + loaded.bundle().trustDomain()
        + " in use: "
        + roots
        + (roots == 1 ? " root" : " roots")
        + (next.getSequence() == null ? "" : ", sequence " + next.getSequence())
        + ", from "
        + loaded.from();
  }

  /** The Ready message for a refused spec. */
  static String refused(FederatedTrustDomainStatus next, BadInputException problem) {
    boolean standalone =
        Reasons.DUPLICATE_TRUST_DOMAIN.equals(problem.reason())
            || Reasons.TRUST_DOMAIN_CHANGED.equals(problem.reason());
    return standalone ? problem.getMessage() : keeping(next, problem.getMessage());
  }

  /** A spec problem's message, saying whether a bundle accepted before stays in use. */
  private static String keeping(FederatedTrustDomainStatus next, String problem) {
    return next.getBundle() == null
        ? problem + "; no bundle of this trust domain is in use yet"
        : problem + "; the bundle accepted before stays in use";
  }

  /** The Ready condition after a failed attempt. */
  static Condition afterFailure(
      FederatedTrustDomainStatus next, SourceUnavailableException error, Long generation) {
    if (next.getBundle() == null) {
      return Conditions.ready(
          false,
          error.reason(),
          error.getMessage() + "; no bundle of this trust domain is in use yet, it is tried again",
          generation);
    }
    return Conditions.ready(
        true,
        Reasons.BUNDLE_IN_USE_STALE,
        "the bundle accepted before stays in use; the last attempt failed (status.lastError),"
            + " it is tried again",
        generation);
  }
}
