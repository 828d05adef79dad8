package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_COM;
import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrustBundleTest {
  private final X509Certificate p256 = root(KeyType.EC_P256);
  private final X509Certificate p384 = root(KeyType.EC_P384);
  private final X509Certificate ed25519 = root(KeyType.ED25519);

  @Test
  void authoritiesAreSortedByFingerprintAndKeptOnce() {
    TrustBundle bundle = TrustBundle.of(EXAMPLE_ORG, List.of(p384, ed25519, p256, p384, p256));

    List<String> fingerprints =
        bundle.authorities().stream().map(Fingerprints::sha256).collect(Collectors.toList());
    assertThat(fingerprints).hasSize(3).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theSameCertificatesInAnyOrderMakeEqualBundles() {
    TrustBundle one = TrustBundle.of(EXAMPLE_ORG, List.of(p256, p384));
    TrustBundle other = TrustBundle.of(EXAMPLE_ORG, List.of(p384, p256, p384));

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
  }

  @Test
  void j21_bundlesThatDifferOnlyInSequenceAreNotEqual() {
    TrustBundle none = TrustBundle.of(EXAMPLE_ORG, List.of(p256));

    assertThat(none.withSequence(1)).isNotEqualTo(none.withSequence(2));
    assertThat(none).isNotEqualTo(none.withSequence(1));
    assertThat(none.withSequence(7)).isEqualTo(none.withSequence(7));
  }

  @Test
  void j21_bundlesThatDifferOnlyInRefreshHintAreNotEqual() {
    TrustBundle none = TrustBundle.of(EXAMPLE_ORG, List.of(p256));

    assertThat(none.withRefreshHint(Duration.ofSeconds(60)))
        .isNotEqualTo(none.withRefreshHint(Duration.ofSeconds(61)));
    assertThat(none).isNotEqualTo(none.withRefreshHint(Duration.ofSeconds(60)));
  }

  @Test
  void bundlesOfDifferentTrustDomainsAreNotEqual() {
    assertThat(TrustBundle.of(EXAMPLE_ORG, List.of(p256)))
        .isNotEqualTo(TrustBundle.of(EXAMPLE_COM, List.of(p256)));
  }

  @Test
  void copiesLeaveTheOriginalUnchanged() {
    TrustBundle original = TrustBundle.of(EXAMPLE_ORG, List.of(p256));

    TrustBundle changed =
        original
            .withAuthorities(List.of(p384, ed25519))
            .withSequence(3)
            .withRefreshHint(Duration.ofMinutes(5));

    assertThat(original.authorities()).containsExactly(p256);
    assertThat(original.sequence()).isEmpty();
    assertThat(original.refreshHint()).isEmpty();
    assertThat(changed.authorities()).containsExactlyInAnyOrder(p384, ed25519);
    assertThat(changed.sequence()).hasValue(3);
    assertThat(changed.refreshHint()).contains(Duration.ofMinutes(5));
    assertThat(changed.withoutSequence().withoutRefreshHint())
        .isEqualTo(original.withAuthorities(List.of(ed25519, p384)));
  }

  @Test
  void theRefreshHintIsKeptInWholeSecondsRoundedUp() {
    TrustBundle bundle = TrustBundle.empty(EXAMPLE_ORG);

    assertThat(bundle.withRefreshHint(Duration.ofMillis(1500)).refreshHint())
        .contains(Duration.ofSeconds(2));
    assertThat(bundle.withRefreshHint(Duration.ofNanos(1)).refreshHint())
        .contains(Duration.ofSeconds(1));
    assertThat(bundle.withRefreshHint(Duration.ZERO).refreshHint()).contains(Duration.ZERO);
  }

  @Test
  void aNegativeSequenceOrRefreshHintIsRefused() {
    TrustBundle bundle = TrustBundle.empty(EXAMPLE_ORG);

    assertThatThrownBy(() -> bundle.withSequence(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bundle.withRefreshHint(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theAuthoritiesCannotBeChangedFromOutside() {
    TrustBundle bundle = TrustBundle.of(EXAMPLE_ORG, List.of(p256));

    assertThatThrownBy(() -> bundle.authorities().add(p384))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEmptyBundleHasNoAuthorities() {
    assertThat(TrustBundle.empty(EXAMPLE_ORG).isEmpty()).isTrue();
    assertThat(TrustBundle.of(EXAMPLE_ORG, List.of(p256)).isEmpty()).isFalse();
  }

  @Test
  void toStringShowsTrustDomainCountAndSequenceButNoCertificate() {
    TrustBundle bundle = TrustBundle.of(EXAMPLE_ORG, List.of(p256, p384)).withSequence(42);

    assertThat(bundle.toString())
        .isEqualTo("TrustBundle{trustDomain=example.org, authorities=2, sequence=42}");
    assertThat(TrustBundle.empty(EXAMPLE_ORG).toString()).contains("sequence=none");
  }
}
