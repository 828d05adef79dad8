package dev.vsid.operator.metrics;

import static dev.vsid.operator.testing.Scrape.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.testing.MutableClock;
import dev.vsid.operator.testing.Scrape;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State gauges and the CA records the readiness probe reads, without a cluster. The test clock runs
 * on from where it is moved, hence the half-second tolerance.
 */
class VsidMetricsTest {
  private static final String TD = "trust_domain=\"example.org\"";

  private final MutableClock clock = new MutableClock();
  private final VsidMetrics metrics = new VsidMetrics(clock);

  private Map<String, Double> scrape() {
    return Scrape.series(metrics.scrape());
  }

  private CertificateAuthority ca(Duration ttl) throws Exception {
    return CertificateAuthority.generateRoot(
        new TrustDomainName("example.org"), KeyType.EC_P256, ttl, clock);
  }

  @Test
  void anExpiredCaKeepsItsGaugeGoingNegativeAndFailsTheCaCheck() throws Exception {
    metrics.trustDomainChecked("example", ca(Duration.ofHours(2)), "CaReady");
    assertThat(value(scrape(), "vsid_ca_expiry_seconds", TD)).isCloseTo(7200.0, within(10.0));
    assertThat(metrics.caLoadProblem("example")).isEmpty();

    clock.advance(Duration.ofHours(3));
    metrics.trustDomainChecked("example", null, "CaExpired");

    assertThat(value(scrape(), "vsid_ca_expiry_seconds", TD)).isCloseTo(-3600.0, within(10.0));
    assertThat(metrics.caLoadProblem("example")).contains("CaExpired");
  }

  @Test
  void aTrustDomainRefusedForItsSpecHasNoCaToLoadAndAnUnseenOneIsNotLoadedYet() {
    metrics.trustDomainChecked("bad-name", null, "InvalidTrustDomain");

    assertThat(metrics.caLoadProblem("bad-name")).isEmpty();
    assertThat(metrics.caLoadProblem("unseen")).contains("NotLoadedYet");
    assertThat(scrape().keySet()).noneMatch(s -> s.startsWith("vsid_ca_expiry_seconds"));
  }

  @Test
  void theBundleLagGrowsUntilEveryNamespaceHoldsTheSequenceThenStays() {
    metrics.bundlePass("example", "example.org", 2, 5, 3, 2);
    clock.advance(Duration.ofSeconds(30));
    assertThat(value(scrape(), "vsid_bundle_sync_lag_seconds", TD)).isCloseTo(30.0, within(0.5));
    assertThat(value(scrape(), "vsid_bundle_namespaces_failed", TD)).isEqualTo(2.0);

    metrics.bundlePass("example", "example.org", 2, 5, 5, 0);
    clock.advance(Duration.ofMinutes(5));

    assertThat(value(scrape(), "vsid_bundle_sync_lag_seconds", TD)).isCloseTo(30.0, within(0.5));
    metrics.bundlePass("example", "example.org", 3, 5, 4, 1);
    assertThat(value(scrape(), "vsid_bundle_sync_lag_seconds", TD))
        .as("a new sequence starts counting again")
        .isLessThan(0.5);
    metrics.trustDomainDeleted("example");
    assertThat(scrape().keySet()).noneMatch(s -> s.contains(TD));
  }

  @Test
  void foreignBundleAgeAndEarliestSvidExpiryAreReadFromTheCachesAtEachScrape() {
    Instant now = clock.instant();
    metrics.readingCaches(
        () -> Map.of("example.org", now.plusSeconds(600)),
        () -> Map.of("partner.org", now.minusSeconds(90)));

    Map<String, Double> m = scrape();

    assertThat(value(m, "vsid_svid_earliest_expiry_seconds", TD)).isCloseTo(600.0, within(0.5));
    assertThat(value(m, "vsid_federated_bundle_age_seconds", "trust_domain=\"partner.org\""))
        .isCloseTo(90.0, within(0.5));
  }

  @Test
  void federatedFetchesAreCountedByResult() {
    metrics.federatedFetch("partner.org", true);
    metrics.federatedFetch("partner.org", false);
    metrics.federatedFetch("partner.org", false);

    Map<String, Double> m = scrape();

    assertThat(value(m, "vsid_federated_bundle_fetches_total", "result=\"success\""))
        .isEqualTo(1.0);
    assertThat(value(m, "vsid_federated_bundle_fetches_total", "result=\"failure\""))
        .isEqualTo(2.0);
  }
}
