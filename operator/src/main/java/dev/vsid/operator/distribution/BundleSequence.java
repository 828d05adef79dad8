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

  /**
   * Records at or above this are taken as damaged and ignored: no real bundle changes that often,
   * and JSON consumers read integers exactly only up to 2^53.
   */
  static final long LARGEST = (1L << 53) - 1;

  private BundleSequence() {}

  /**
   * @param recordedSequence the sequence on the CA Secret, 0 when none
   * @param recordedDigest the digest it was given to, or null
   */
  public static long choose(
      long recordedSequence, String recordedDigest, BundleStatus status, String digest) {
    long recorded = plausible(recordedSequence);
    long shown =
        status == null || status.getSequence() == null ? 0 : plausible(status.getSequence());
    long highest = Math.max(recorded, shown);
    boolean matches =
        (highest > 0 && recorded == highest && digest.equals(recordedDigest))
            || (highest > 0 && shown == highest && digest.equals(status.getDigest()));
    if (highest == 0) {
      return FIRST;
    }
    return matches || highest == LARGEST ? highest : highest + 1;
  }

  private static long plausible(long sequence) {
    return sequence > 0 && sequence <= LARGEST ? sequence : 0;
  }
}
