package dev.vsid.operator.distribution;

import dev.vsid.operator.api.v1alpha1.BundleStatus;

/**
 * Chooses a bundle's {@code spiffe_sequence} from the records the operator alone writes: the CA
 * Secret (written before any ConfigMap carries a new sequence, so a number is never given to two
 * contents, even across a crash) and the TrustDomain's status (when the CA Secret was recreated).
 * The highest recorded number is kept while the content is the same, and one more is taken when it
 * changed. Annotations on the ConfigMaps, which tenants can edit, are never read.
 */
public final class BundleSequence {
  static final long FIRST = 1;

  private BundleSequence() {}

  /**
   * @param recordedSequence the sequence on the CA Secret, 0 when none
   * @param recordedDigest the digest it was given to, or null
   */
  public static long choose(
      long recordedSequence, String recordedDigest, BundleStatus status, String digest) {
    long highest = Math.max(0, recordedSequence);
    boolean matches = highest > 0 && digest.equals(recordedDigest);
    if (status != null && status.getSequence() != null && status.getSequence() > highest) {
      highest = status.getSequence();
      matches = digest.equals(status.getDigest());
    } else if (status != null
        && status.getSequence() != null
        && status.getSequence() == highest
        && digest.equals(status.getDigest())) {
      matches = true;
    }
    if (highest == 0) {
      return FIRST;
    }
    return matches ? highest : Math.addExact(highest, 1);
  }
}
