package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import java.time.Instant;

/** Builds FederatedTrustDomain statuses. Condition messages hold no times, so they stay stable. */
final class FederatedStatuses {
  private FederatedStatuses() {}

  /** A status that keeps everything the previous one said, above all the bundle in use. */
  static FederatedTrustDomainStatus carryOver(FederatedTrustDomainStatus previous) {
    FederatedTrustDomainStatus next = new FederatedTrustDomainStatus();
    if (previous == null || previous.parseProblem() != null) {
      return next;
    }
    next.setBundle(previous.getBundle());
    next.setSequence(previous.getSequence());
    next.setRefreshHint(previous.getRefreshHint());
    next.setRootFingerprints(previous.getRootFingerprints());
    next.setLastSuccessTime(previous.getLastSuccessTime());
    next.setLastAttemptTime(previous.getLastAttemptTime());
    next.setNextRefreshTime(previous.getNextRefreshTime());
    next.setLastError(previous.getLastError());
    return next;
  }

  /** Records a bundle read or fetched at {@code now}. */
  static void accepted(
      FederatedTrustDomainStatus next, FederatedTrustDomainReconciler.Loaded loaded, Instant now) {
    String json = SpiffeBundleJson.write(loaded.bundle());
    boolean changed = !json.equals(next.getBundle());
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

  /** A spec problem's message, saying whether a bundle accepted before stays in use. */
  static String keeping(FederatedTrustDomainStatus next, String problem) {
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
