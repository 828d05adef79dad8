package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_B;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.bundle.TrustBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small rules of fetching, without a network: hints, state between fetches, SAN names. */
class FetchRulesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest
  @CsvSource({"PT60S, PT60S", "PT1S, PT10S", "PT0S, PT10S", "P28D, PT24H", "PT24H, PT24H"})
  void theRefreshHintIsClampedToTenSecondsAndOneDay(Duration served, Duration used) {
    assertThat(RefreshHints.effective(Optional.of(served))).isEqualTo(used);
  }

  @Test
  void noRefreshHintMeansFiveMinutes() {
    assertThat(RefreshHints.effective(Optional.empty())).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theNextFetchIsDueOneRefreshHintAfterTheFetch() {
    FetchedBundle fetched = new FetchedBundle(TrustBundle.empty(TD_A), Duration.ofSeconds(90), NOW);

    assertThat(fetched.nextFetchAt()).isEqualTo(NOW.plusSeconds(90));
  }

  @Test
  void afterAFetchTheFetchedBundleAuthenticatesTheNextOneAndItsSequenceIsTheLast() {
    TrustBundle initial = bundleOf(newCa(TD_A));
    TrustBundle fetched = bundleOf(newCa(TD_A)).withSequence(4);

    FetchState next =
        FetchState.initial(initial).after(new FetchedBundle(fetched, Duration.ofMinutes(5), NOW));

    assertThat(next.endpointBundle()).hasValue(fetched);
    assertThat(next.lastSequence()).isEqualTo(OptionalLong.of(4));
  }

  @Test
  void aBundleOfAnotherTrustDomainDoesNotReplaceTheEndpointBundle() {
    TrustBundle ofB = bundleOf(newCa(TD_B));
    TrustBundle fetchedA = bundleOf(newCa(TD_A));

    FetchState next =
        FetchState.initial(ofB).after(new FetchedBundle(fetchedA, Duration.ofMinutes(5), NOW));

    assertThat(next.endpointBundle()).hasValue(ofB);
    assertThat(next.lastSequence()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "spiffe://td-a, td-a",
        "spiffe://example.com/, example.com",
        "SPIFFE://TD-B/ns/x, td-b",
        "spiffe://td-a?x, td-a",
        "https://td-b/, null",
        "urn:x, null",
      })
  void theTrustDomainOfARootIsReadEvenFromAnInvalidSpiffeId(String uri, String trustDomain) {
    assertThat(ServedBundleChecks.spiffeTrustDomain(uri)).isEqualTo(trustDomain);
  }

  @Test
  void fetchSettingsRefuseNonPositiveLimits() {
    assertThatThrownBy(() -> FetchSettings.DEFAULTS.withReadTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FetchSettings.DEFAULTS.withMaxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FetchSettings.DEFAULTS)
        .isEqualTo(new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 1 << 20));
  }

  @Test
  void everyFailureHasACamelCaseReason() {
    for (FetchFailure failure : FetchFailure.values()) {
      assertThat(failure.reason()).matches("[A-Z][A-Za-z]+");
    }
  }
}
