package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.OTHER_A;
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
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code https_spiffe} end to end on loopback: the server presents an SVID of td-a, the client
 * trusts td-a's initial bundle and the configured endpoint SPIFFE ID, and nothing else.
 */
class SpiffeProfileFetchTest {
  private final CertificateAuthority caA = newCa(TD_A);
  private final TrustBundle bundleA = bundleOf(caA).withSequence(7);
  private TestEndpointServer server;

  @BeforeEach
  void start() {
    server = TestEndpointServer.spiffe(bundleA, ServingCredential.of(svid(caA, ENDPOINT_A)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientTrustingTheInitialBundleFetchesTheBundleOfTheTrustDomain() throws Exception {
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    BundleEndpointClient client =
        new BundleEndpointClient(
            spiffeEndpoint(server.url(), ENDPOINT_A), FetchSettings.DEFAULTS, clock);

    FetchedBundle fetched = client.fetch(FetchState.initial(bundleOf(caA)));

    assertThat(fetched.bundle()).isEqualTo(bundleA);
    assertThat(fetched.bundle().trustDomain()).isEqualTo(TD_A);
    assertThat(fetched.fetchedAt()).isEqualTo(clock.instant());
    assertThat(fetched.refreshHint()).isEqualTo(RefreshHints.DEFAULT);
    assertThat(fetched.nextFetchAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aServerWithAnotherSpiffeIdIsRefusedNamingBothIds() throws Exception {
    server.credential.set(ServingCredential.of(svid(caA, OTHER_A)));

    assertThatThrownBy(() -> client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(initial()))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.SERVER_NOT_AUTHENTICATED);
              assertThat(e.getMessage())
                  .startsWith("bundle endpoint \"" + server.url() + "\"")
                  .contains("SPIFFE ID " + OTHER_A + " is not accepted")
                  .contains("accepted are " + ENDPOINT_A)
                  .contains("check the configured endpoint SPIFFE ID");
            });
  }

  @Test
  void aServerSvidFromAnotherCaOfTheSameTrustDomainIsRefused() {
    CertificateAuthority impostor = newCa(TD_A);
    server.credential.set(ServingCredential.of(svid(impostor, ENDPOINT_A)));

    assertThatThrownBy(() -> client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(initial()))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.SERVER_NOT_AUTHENTICATED);
              assertThat(e.getMessage())
                  .contains("does not verify against the X.509 bundle of trust domain \"td-a\"")
                  .doesNotContain("\n")
                  .doesNotContain("at java.");
            });
  }

  @Test
  void aServerSvidOfAnotherTrustDomainIsRefusedByTheClient() {
    SpiffeId idInB = SpiffeId.parse("spiffe://td-b/bundle-endpoint");
    ServingCredential svidOfB = ServingCredential.of(svid(newCa(TD_B), idInB));
    try (TestEndpointServer webServer = TestEndpointServer.web(bundleA, svidOfB)) {
      BundleEndpoint endpoint = spiffeEndpoint(webServer.url(), ENDPOINT_A);

      assertThatThrownBy(() -> client(endpoint).fetch(initial()))
          .isInstanceOfSatisfying(
              BundleFetchException.class,
              e ->
                  assertThat(e.getMessage()).contains("no X.509 bundle for trust domain \"td-b\""));
    }
  }

  @Test
  void aListenerNeverPresentsAnSvidOfAnotherTrustDomain() {
    SpiffeId idInB = SpiffeId.parse("spiffe://td-b/bundle-endpoint");
    server.credential.set(ServingCredential.of(svid(newCa(TD_B), idInB)));

    assertThatThrownBy(() -> client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(initial()))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> assertThat(e.failure()).isEqualTo(FetchFailure.TLS_FAILED));
  }

  @Test
  void withoutABundleForTheEndpointTrustDomainNothingIsFetched() {
    FetchState onlyB = FetchState.initial(bundleOf(newCa(TD_B)));

    assertThatThrownBy(() -> client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(onlyB))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.INVALID_ENDPOINT);
              assertThat(e.getMessage())
                  .contains("no bundle of trust domain td-a to authenticate the server");
            });
  }

  @Test
  void theFetchedBundleAuthenticatesTheNextFetchAfterTheCaRotates() throws Exception {
    BundleEndpointClient client = client(spiffeEndpoint(server.url(), ENDPOINT_A));
    CertificateAuthority nextCa = newCa(TD_A);
    TrustBundle both =
        TrustBundle.of(TD_A, List.of(caA.certificate(), nextCa.certificate())).withSequence(8);
    server.bundle.set(both);

    FetchState state = FetchState.initial(bundleOf(caA));
    FetchedBundle first = client.fetch(state);
    state = state.after(first);
    server.credential.set(ServingCredential.of(svid(nextCa, ENDPOINT_A)));
    FetchedBundle second = client.fetch(state);

    assertThat(first.bundle()).isEqualTo(both);
    assertThat(second.bundle()).isEqualTo(both);
    assertThat(state.lastSequence()).isEqualTo(OptionalLong.of(8));
    assertThatThrownBy(() -> client.fetch(initial()))
        .as("the initial bundle alone no longer authenticates the server")
        .isInstanceOf(BundleFetchException.class);
  }

  private FetchState initial() {
    return FetchState.initial(bundleOf(caA));
  }
}
