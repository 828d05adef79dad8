package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.BundleStatus;
import org.junit.jupiter.api.Test;

/**
 * The bundle sequence comes from the operator's own records only: the CA Secret and the
 * TrustDomain's status. Annotations on ConfigMaps, which tenants can edit, play no part.
 */
class BundleSequenceTest {
  private static final String D = "a".repeat(64);
  private static final String D2 = "b".repeat(64);
  private static final String D3 = "c".repeat(64);

  @Test
  void aBundleNeverPublishedStartsAtOne() {
    assertThat(BundleSequence.choose(0, null, null, D)).isEqualTo(1);
    assertThat(BundleSequence.choose(0, null, new BundleStatus(), D)).isEqualTo(1);
    assertThat(BundleSequence.choose(0, null, status(0L, D), D)).isEqualTo(1);
  }

  @Test
  void theSameContentKeepsTheRecordedSequence() {
    assertThat(BundleSequence.choose(4, D, null, D)).isEqualTo(4);
    assertThat(BundleSequence.choose(4, D, status(4L, D), D)).isEqualTo(4);
  }

  @Test
  void otherContentGoesUpByOne() {
    assertThat(BundleSequence.choose(4, D, status(4L, D), D2)).isEqualTo(5);
    assertThat(BundleSequence.choose(4, null, null, D)).as("no digest recorded").isEqualTo(5);
  }

  @Test
  void aLostStatusKeepsTheSequenceOfTheCaSecret() {
    assertThat(BundleSequence.choose(6, D, null, D)).isEqualTo(6);
    assertThat(BundleSequence.choose(6, D, null, D2)).isEqualTo(7);
  }

  @Test
  void aRecreatedCaSecretGoesOnFromTheStatus() {
    assertThat(BundleSequence.choose(0, null, status(8L, D), D)).isEqualTo(8);
    assertThat(BundleSequence.choose(0, null, status(8L, D), D2)).isEqualTo(9);
  }

  @Test
  void theHighestRecordDecides() {
    assertThat(BundleSequence.choose(9, D2, status(8L, D), D)).isEqualTo(10);
    assertThat(BundleSequence.choose(9, D2, status(8L, D), D2)).isEqualTo(9);
    assertThat(BundleSequence.choose(7, D, status(8L, D2), D)).isEqualTo(9);
    assertThat(BundleSequence.choose(8, D3, status(8L, D), D))
        .as("either record at the top")
        .isEqualTo(8);
  }

  @Test
  void aCrashAfterTheCaSecretRecordNeverReusesItsNumberForOtherContent() {
    // Sequence 11 was recorded for D2 and some ConfigMaps carry it; the status still says 10.
    BundleStatus written = status(10L, D);
    assertThat(BundleSequence.choose(11, D2, written, D2)).isEqualTo(11);
    assertThat(BundleSequence.choose(11, D2, written, D3)).isEqualTo(12);
  }

  private static BundleStatus status(Long sequence, String digest) {
    BundleStatus status = new BundleStatus();
    status.setSequence(sequence);
    status.setDigest(digest);
    return status;
  }

  @Test
  void aDamagedRecordNeverStopsTheTrustDomain() {
    // A record beyond 2^53 - 1 (hand-edited, restored from a bad backup) is ignored, never
    // overflowed.
    assertThat(BundleSequence.choose(Long.MAX_VALUE, "x", status(4L, D), D)).isEqualTo(4);
    assertThat(BundleSequence.choose(Long.MAX_VALUE, "x", null, D)).isEqualTo(1);
    assertThat(BundleSequence.choose(3, D, status(Long.MAX_VALUE, "x"), D2)).isEqualTo(4);
    assertThat(BundleSequence.choose(-7, D, null, D)).isEqualTo(1);
    long largest = (1L << 53) - 1;
    assertThat(BundleSequence.choose(largest, D, null, D2)).as("saturates").isEqualTo(largest);
  }
}
