package dev.vsid.operator.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.ca.CaState.Phase;
import dev.vsid.operator.ca.CaState.Rotation;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaStateTest {
  private static final TrustDomainName DOMAIN = new TrustDomainName("example.org");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static final CertificateAuthority ACTIVE = root(NOW, Duration.ofDays(30));
  private static final CertificateAuthority NEXT = root(NOW, Duration.ofDays(30));

  /** A root of an earlier rotation, valid until ten days from now. */
  private static final CertificateAuthority OLD = root(NOW.minus(Duration.ofDays(20)), days(30));

  /** A root that expired ten days ago. */
  private static final CertificateAuthority EXPIRED =
      root(NOW.minus(Duration.ofDays(20)), days(10));

  private static final Rotation STARTED =
      new Rotation("Scheduled", NOW.minusSeconds(60), null, null, null, false);
  private static final Rotation PUBLISHED =
      new Rotation("Scheduled", NOW.minusSeconds(60), NOW, null, null, false);
  private static final Rotation SWITCHED =
      new Rotation("Scheduled", NOW.minusSeconds(60), NOW, NOW, null, false);

  @Test
  void oneCaWithNothingRetiringIsStable() {
    assertThat(CaState.of(ACTIVE).phase()).isEqualTo(Phase.STABLE);
    assertThat(state(Optional.empty(), List.of(), SWITCHED).phase())
        .as("the bookkeeping of a finished rotation does not make it current")
        .isEqualTo(Phase.STABLE);
  }

  @Test
  void aNextCaNotYetPublishedEverywhereIsPublishing() {
    assertThat(state(Optional.of(NEXT), List.of(), STARTED).phase()).isEqualTo(Phase.PUBLISHING);
    assertThat(state(Optional.of(NEXT), List.of(OLD.certificate()), STARTED).phase())
        .as("old roots from an earlier rotation do not change the phase")
        .isEqualTo(Phase.PUBLISHING);
  }

  @Test
  void aNextCaWithAPublicationTimeIsPropagating() {
    assertThat(state(Optional.of(NEXT), List.of(), PUBLISHED).phase()).isEqualTo(Phase.PROPAGATING);
    assertThat(state(Optional.of(NEXT), List.of(OLD.certificate()), PUBLISHED).phase())
        .isEqualTo(Phase.PROPAGATING);
  }

  @Test
  void oldRootsWithoutANextCaAreRetiring() {
    assertThat(state(Optional.empty(), List.of(OLD.certificate()), SWITCHED).phase())
        .isEqualTo(Phase.RETIRING);
    assertThat(state(Optional.empty(), List.of(EXPIRED.certificate()), Rotation.NONE).phase())
        .as("the phase follows what is stored, expired or not")
        .isEqualTo(Phase.RETIRING);
  }

  @Test
  void trustedRootsAreTheActiveThenTheNextThenTheRetiringOnes() {
    CaState state = state(Optional.of(NEXT), List.of(OLD.certificate()), PUBLISHED);

    assertThat(fingerprints(state.trustedRoots(NOW)))
        .containsExactly(fingerprint(ACTIVE), fingerprint(NEXT), fingerprint(OLD));
  }

  @Test
  void aRootThatIsBothActiveAndRetiringIsTrustedOnce() {
    CaState state =
        state(
            Optional.empty(),
            List.of(ACTIVE.certificate(), OLD.certificate(), OLD.certificate()),
            SWITCHED);

    assertThat(fingerprints(state.trustedRoots(NOW)))
        .containsExactly(fingerprint(ACTIVE), fingerprint(OLD));
  }

  @Test
  void expiredRootsAreNotTrusted() {
    CaState state =
        state(Optional.of(NEXT), List.of(EXPIRED.certificate(), OLD.certificate()), PUBLISHED);

    assertThat(fingerprints(state.trustedRoots(NOW)))
        .containsExactly(fingerprint(ACTIVE), fingerprint(NEXT), fingerprint(OLD));
  }

  @Test
  void anExpiredActiveRootIsNotTrustedEither() {
    CaState state = new CaState(EXPIRED, Optional.of(NEXT), List.of(OLD.certificate()), PUBLISHED);

    assertThat(fingerprints(state.trustedRoots(NOW)))
        .containsExactly(fingerprint(NEXT), fingerprint(OLD));
  }

  @Test
  void aRetiringRootIsTrustedUntilItsLastSecondAndNotAfter() {
    Instant notAfter = OLD.notAfter();
    CaState state = state(Optional.empty(), List.of(OLD.certificate()), SWITCHED);

    assertThat(fingerprints(state.trustedRoots(notAfter.minusSeconds(1))))
        .containsExactly(fingerprint(ACTIVE), fingerprint(OLD));
    assertThat(fingerprints(state.trustedRoots(notAfter.plusSeconds(1))))
        .containsExactly(fingerprint(ACTIVE));
  }

  @Test
  void liveRetiringKeepsTheUnexpiredOldRootsInOrder() {
    CertificateAuthority older = root(NOW.minus(Duration.ofDays(25)), days(30));
    CaState state =
        state(
            Optional.empty(),
            List.of(OLD.certificate(), EXPIRED.certificate(), older.certificate()),
            SWITCHED);

    assertThat(fingerprints(state.liveRetiring(NOW)))
        .containsExactly(fingerprint(OLD), fingerprint(older));
    assertThat(state.liveRetiring(OLD.notAfter().plusSeconds(1))).isEmpty();
    assertThat(CaState.of(ACTIVE).liveRetiring(NOW)).isEmpty();
  }

  @Test
  void theRetiringRootsAreCopiedSoLaterChangesToTheListDoNotLeakIn() {
    List<X509Certificate> retiring = new ArrayList<>(List.of(OLD.certificate()));
    CaState state = state(Optional.empty(), retiring, SWITCHED);

    retiring.add(EXPIRED.certificate());

    assertThat(state.retiring()).hasSize(1);
  }

  private static CaState state(
      Optional<CertificateAuthority> next, List<X509Certificate> retiring, Rotation rotation) {
    return new CaState(ACTIVE, next, retiring, rotation);
  }

  private static String fingerprint(CertificateAuthority ca) {
    return ca.fingerprint();
  }

  private static List<String> fingerprints(List<X509Certificate> roots) {
    return roots.stream().map(Fingerprints::sha256).toList();
  }

  private static Duration days(int days) {
    return Duration.ofDays(days);
  }

  private static CertificateAuthority root(Instant madeAt, Duration ttl) {
    return CertificateAuthority.generateRoot(
        DOMAIN, KeyType.EC_P256, ttl, Clock.fixed(madeAt, ZoneOffset.UTC));
  }
}
