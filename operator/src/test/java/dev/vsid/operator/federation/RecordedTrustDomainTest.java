package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainStatus;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A FederatedTrustDomain's status records the trust domain its bundle belongs to; a bundle is
 * carried over and distributed only while that is the spec's trust domain.
 */
class RecordedTrustDomainTest {
  private static final TrustDomainName OTHER = new TrustDomainName("other.test");
  private static final TrustBundle BUNDLE_A =
      FederationFixtures.bundleOf(FederationFixtures.newCa(TD_A)).withSequence(4);
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void anAcceptedBundleRecordsItsTrustDomain() {
    FederatedTrustDomainStatus next = FederatedStatuses.carryOver(null);

    FederatedStatuses.accepted(
        next, new FederatedTrustDomainReconciler.Loaded(BUNDLE_A, Optional.empty(), "a test"), NOW);

    assertThat(next.getTrustDomain()).isEqualTo("td-a");
    assertThat(FederatedBundles.inStatus(next, TD_A)).contains(BUNDLE_A);
  }

  @Test
  void aChangedSpecTrustDomainDropsTheBundleAndIsRefusedNamingBoth() {
    FederatedTrustDomainStatus next = FederatedStatuses.carryOver(status(BUNDLE_A, "td-a"));

    assertThatThrownBy(() -> FederatedStatuses.requireRecordedTrustDomain(next, OTHER.name()))
        .isInstanceOfSatisfying(
            BadInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.TRUST_DOMAIN_CHANGED);
              assertThat(e.getMessage())
                  .contains("\"td-a\"")
                  .contains("\"other.test\"")
                  .contains("immutable");
              assertThat(FederatedStatuses.refused(next, e)).isEqualTo(e.getMessage());
            });
    assertThat(next.getBundle()).isNull();
    assertThat(next.getSequence()).isNull();
    assertThat(next.getRootFingerprints()).isNull();
    assertThat(next.getNextRefreshTime()).isNull();
    assertThat(next.getTrustDomain()).as("the trust domain the bundle was for").isEqualTo("td-a");
  }

  @Test
  void theRecordedTrustDomainOrNoRecordAtAllLetsTheSpecThrough() throws Exception {
    FederatedTrustDomainStatus same = FederatedStatuses.carryOver(status(BUNDLE_A, "td-a"));
    FederatedStatuses.requireRecordedTrustDomain(same, "td-a");
    assertThat(same.getBundle()).isNotNull();

    FederatedTrustDomainStatus none = FederatedStatuses.carryOver(null);
    FederatedStatuses.requireRecordedTrustDomain(none, OTHER.name());
  }

  @Test
  void aBundleWithNoRecordedTrustDomainIsNotCarriedOverButTheBackoffIs() {
    FederatedTrustDomainStatus unrecorded = status(BUNDLE_A, null);
    unrecorded.setLastError("the endpoint did not answer");
    unrecorded.setNextRefreshTime(NOW.plus(Duration.ofSeconds(40)).toString());

    FederatedTrustDomainStatus next = FederatedStatuses.carryOver(unrecorded);

    assertThat(next.getBundle()).isNull();
    assertThat(next.getSequence()).isNull();

    FederatedTrustDomainStatus failing = status(null, null);
    failing.setLastError("the endpoint did not answer");
    failing.setNextRefreshTime(NOW.plus(Duration.ofSeconds(40)).toString());
    FederatedTrustDomainStatus kept = FederatedStatuses.carryOver(failing);
    assertThat(kept.getLastError()).isEqualTo("the endpoint did not answer");
    assertThat(kept.getNextRefreshTime()).isEqualTo(failing.getNextRefreshTime());
  }

  @Test
  void onlyABundleRecordedForTheSpecTrustDomainIsDistributed() {
    FederatedTrustDomain recorded = ftd("a", "td-a", status(BUNDLE_A, "td-a"));
    FederatedTrustDomain changed = ftd("b", OTHER.name(), status(BUNDLE_A, "td-a"));
    FederatedTrustDomain unrecorded = ftd("c", "td-c", status(BUNDLE_A, null));

    FederatedBundles.Selection selection =
        new FederatedBundles()
            .select(
                List.of(recorded, changed, unrecorded),
                List.of("td-a", OTHER.name(), "td-c"),
                new TrustDomainName("example.org"));

    assertThat(selection.bundles()).containsOnlyKeys(TD_A);
    assertThat(selection.missing()).containsExactly(OTHER.name(), "td-c");
  }

  @Test
  void theBundleAuthenticatingTheNextFetchMustBeRecordedForTheTrustDomain() {
    assertThat(FederatedBundles.inStatus(status(BUNDLE_A, "td-a"), TD_A)).isPresent();
    assertThat(FederatedBundles.inStatus(status(BUNDLE_A, "td-a"), OTHER)).isEmpty();
    assertThat(FederatedBundles.inStatus(status(BUNDLE_A, null), TD_A)).isEmpty();
  }

  private static FederatedTrustDomainStatus status(TrustBundle bundle, String trustDomain) {
    FederatedTrustDomainStatus status = new FederatedTrustDomainStatus();
    if (bundle != null) {
      status.setBundle(SpiffeBundleJson.write(bundle));
      status.setSequence(bundle.sequence().isPresent() ? bundle.sequence().getAsLong() : null);
      status.setRootFingerprints(List.of("a fingerprint"));
      status.setLastSuccessTime(NOW.toString());
    }
    status.setTrustDomain(trustDomain);
    return status;
  }

  private static FederatedTrustDomain ftd(
      String name, String trustDomain, FederatedTrustDomainStatus status) {
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withResourceVersion("1")
            .withCreationTimestamp("2030-01-01T00:00:00Z")
            .build());
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain(trustDomain);
    ftd.setSpec(spec);
    ftd.setStatus(status);
    return ftd;
  }
}
