package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_B;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.client;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.spiffeEndpoint;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Well-formed bundles that are still refused (another trust domain's roots, no roots, an older
 * sequence) and the refresh hint a client derives from what it accepts.
 */
class BundleContentRefusalsTest {
  private final CertificateAuthority caA = newCa(TD_A);
  private final TestEndpointServer server =
      TestEndpointServer.spiffe(bundleOf(caA), ServingCredential.of(svid(caA, ENDPOINT_A)));
  private final BundleEndpointClient client = client(spiffeEndpoint(server.url(), ENDPOINT_A));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aBundleWhoseCertificatesAreForAnotherTrustDomainIsRefused() {
    CertificateAuthority caB = newCa(TD_B);
    server.bundle.set(TrustBundle.of(TD_A, List.of(caA.certificate(), caB.certificate())));

    assertThatThrownBy(() -> client.fetch(initial()))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.FOREIGN_TRUST_DOMAIN);
              assertThat(e.getMessage())
                  .contains("a certificate for another trust domain (URI SAN \"spiffe://td-b\")")
                  .contains("check that the URL is the endpoint of td-a");
            });
  }

  @Test
  void anEmptyBundleIsRefused() {
    server.bundle.set(TrustBundle.empty(TD_A).withSequence(9));

    assertThatThrownBy(() -> client.fetch(initial()))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.EMPTY_BUNDLE);
              assertThat(e.getMessage()).contains("no X.509 authority for trust domain td-a");
            });
  }

  @Test
  void aLowerSequenceIsRefusedAndAnEqualOneAccepted() throws Exception {
    server.bundle.set(bundleOf(caA).withSequence(4));

    assertThatThrownBy(() -> client.fetch(afterSequence(5)))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.SEQUENCE_REGRESSED);
              assertThat(e.getMessage()).contains("sequence 4, lower than 5 accepted before");
            });
    assertThat(client.fetch(afterSequence(4)).bundle().sequence()).hasValue(4);
    assertThat(client.fetch(afterSequence(3)).bundle().sequence()).hasValue(4);
  }

  @Test
  void aBundleWithoutSequenceIsAcceptedAndKeepsTheLastSequence() throws Exception {
    FetchState state = afterSequence(5);

    FetchedBundle fetched = client.fetch(state);

    assertThat(fetched.bundle().sequence()).isEmpty();
    assertThat(state.after(fetched).lastSequence()).isEqualTo(OptionalLong.of(5));
  }

  @Test
  void theRefreshHintIsServedHintClampedToTenSecondsAndOneDay() throws Exception {
    assertThat(fetchWithHint(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    assertThat(fetchWithHint(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(10));
    assertThat(fetchWithHint(Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    assertThat(fetchWithHint(Duration.ofDays(28))).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theBundleKeepsTheHintAsServed() throws Exception {
    server.bundle.set(bundleOf(caA).withRefreshHint(Duration.ofDays(28)));

    FetchedBundle fetched = client.fetch(initial());

    assertThat(fetched.bundle().refreshHint()).hasValue(Duration.ofDays(28));
    assertThat(fetched.refreshHint()).isEqualTo(RefreshHints.MAXIMUM);
  }

  @Test
  void aNewRootAddedToTheServedBundleIsSeenByTheNextFetch() throws Exception {
    FetchedBundle before = client.fetch(initial());
    CertificateAuthority next = newCa(TD_A);
    server.bundle.set(
        TrustBundle.of(TD_A, List.of(caA.certificate(), next.certificate())).withSequence(2));

    FetchedBundle after = client.fetch(initial().after(before));

    assertThat(before.bundle().authorities()).containsExactly(caA.certificate());
    assertThat(after.bundle().authorities())
        .containsExactlyInAnyOrder(caA.certificate(), next.certificate());
  }

  private Duration fetchWithHint(Duration hint) throws BundleFetchException {
    server.bundle.set(bundleOf(caA).withRefreshHint(hint));
    return client.fetch(initial()).refreshHint();
  }

  private FetchState initial() {
    return FetchState.initial(bundleOf(caA));
  }

  private FetchState afterSequence(long sequence) {
    return new FetchState(initial().endpointBundle(), OptionalLong.of(sequence));
  }
}
