package dev.vsid.operator.metrics;

import static dev.vsid.operator.testing.Scrape.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.Scrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code /metrics} shows after the operator issued, renewed and refused SVIDs. */
class MetricsScrapeTest {
  private static final String TD = "trust_domain=\"example.org\"";
  private static final List<String> IDENTITIES = List.of("shop/web", "shop/api", "payments/db");

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", "True", null);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private Map<String, Double> scrape() {
    return Scrape.metrics(harness.operator().metricsAddress().orElseThrow());
  }

  private void createIdentities() {
    for (String id : IDENTITIES) {
      String[] parts = id.split("/");
      harness.createIdentity(parts[0], parts[1], spec -> spec.setTtl("24h"));
    }
    IDENTITIES.forEach(id -> harness.awaitIdentityReady(id.split("/")[0], id.split("/")[1]));
  }

  @Test
  void firstIssuesAreCountedByTrustDomainAndReasonAndTheSigningStepIsTimed() {
    createIdentities();

    Map<String, Double> m = scrape();

    assertThat(value(m, "vsid_svids_issued_total", TD, "reason=\"first_issue\"")).isEqualTo(3.0);
    assertThat(value(m, "vsid_svids_issued_total", "reason=\"renewal\"")).isNull();
    assertThat(value(m, "vsid_svid_signing_seconds_count")).isEqualTo(3.0);
    assertThat(value(m, "vsid_svid_signing_seconds_sum")).isPositive();
    assertThat(value(m, "vsid_svid_signing_seconds_bucket", "le=\"1.0\"")).isEqualTo(3.0);
    assertThat(value(m, "vsid_leader")).isEqualTo(1.0);
  }

  @Test
  void renewalsAndSpecChangesAreCountedApartFromFirstIssues() {
    createIdentities();
    String serial = harness.identity("shop", "web").getStatus().getSerialNumber();

    harness.clock().advance(Duration.ofHours(17)); // past two thirds of 24h
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> value(scrape(), "vsid_svids_issued_total", TD, "reason=\"renewal\""),
            n -> n != null && n == 3.0);
    await().atMost(OperatorHarness.WAIT).until(() -> !serial.equals(serialOf("shop", "web")));
    WorkloadIdentity web = harness.identity("shop", "web");
    web.getSpec().setTtl("12h");
    harness.client().resource(web).update();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> value(scrape(), "vsid_svids_issued_total", TD, "reason=\"spec_change\""),
            n -> n != null && n == 1.0);

    Map<String, Double> m = scrape();
    assertThat(value(m, "vsid_svids_issued_total", TD, "reason=\"first_issue\"")).isEqualTo(3.0);
    assertThat(value(m, "vsid_svids_issued_total", TD, "reason=\"renewal\"")).isEqualTo(3.0);
    assertThat(value(m, "vsid_svid_signing_seconds_count")).isEqualTo(7.0);
  }

  private String serialOf(String namespace, String name) {
    return harness.identity(namespace, name).getStatus().getSerialNumber();
  }

  @Test
  void expiryGaugesFollowTheEarliestSvidAndTheCa() {
    harness.createIdentity("shop", "short", spec -> spec.setTtl("1h"));
    createIdentities();
    harness.awaitIdentityReady("shop", "short");

    Map<String, Double> m = scrape();

    assertThat(value(m, "vsid_svid_earliest_expiry_seconds", TD))
        .as("the 1h SVID expires first")
        .isBetween(3000.0, 3600.0);
    assertThat(value(m, "vsid_ca_expiry_seconds", TD)).isGreaterThan(86_400.0);

    harness.clock().advance(Duration.ofMinutes(10));
    assertThat(value(scrape(), "vsid_svid_earliest_expiry_seconds", TD))
        .as("measured with the operator's clock")
        .isBetween(2400.0, 3000.0);
  }

  @Test
  void bundleFanOutShowsSelectedInSyncAndFailedNamespaces() {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> value(scrape(), "vsid_bundle_namespaces_selected", TD), n -> n != null && n > 0);
    double namespaces = harness.client().namespaces().list().getItems().size();

    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> value(scrape(), "vsid_bundle_namespaces_in_sync", TD),
            n -> n != null && n == namespaces);
    Map<String, Double> m = scrape();

    assertThat(value(m, "vsid_bundle_namespaces_selected", TD)).isEqualTo(namespaces);
    assertThat(value(m, "vsid_bundle_namespaces_failed", TD)).isZero();
    assertThat(value(m, "vsid_bundle_sequence", TD)).isGreaterThanOrEqualTo(1.0);
    assertThat(value(m, "vsid_bundle_sync_lag_seconds", TD))
        .as("in sync: the time publishing took, on the operator's clock (which stands still)")
        .isZero();
  }

  @Test
  void refusedIdentitiesAreCountedByReason() {
    harness.createIdentity("shop", "lost", spec -> spec.setTrustDomain("nowhere"));
    harness.awaitIdentity("shop", "lost", "False", "TrustDomainNotFound");

    Map<String, Double> m = scrape();

    assertThat(value(m, "vsid_svid_issuance_failures_total", "reason=\"TrustDomainNotFound\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(m.keySet())
        .as("no series names the refused trust domain")
        .noneMatch(s -> s.contains("nowhere"));
  }

  @Test
  void reconcilesAreCountedPerControllerWithoutNamingResources() {
    createIdentities();

    Map<String, Double> m = scrape();

    assertThat(value(m, "operator_sdk_reconciliations_started_total", "kind=\"WorkloadIdentity\""))
        .isGreaterThanOrEqualTo(3.0);
    assertThat(value(m, "operator_sdk_reconciliations_success_total", "kind=\"TrustDomain\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(m.keySet())
        .as("no series per namespace or per identity")
        .noneMatch(s -> s.contains("namespace=\"shop\"") || s.contains("name=\"web\""))
        .noneMatch(s -> s.contains("\"web\"") || s.contains("\"payments\""));
  }
}
