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

import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the endpoint answers, and that it follows rotations of its bundle and its SVID. */
class BundleEndpointServerTest {
  private final CertificateAuthority caA = newCa(TD_A);
  private final TrustBundle bundleA = bundleOf(caA).withSequence(1);
  private final TestEndpointServer server =
      TestEndpointServer.spiffe(bundleA, ServingCredential.of(svid(caA, ENDPOINT_A)));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void getOfTheBundlePathAnswersTheBundleAsUncachedJson() throws Exception {
    HttpResponse<String> response = send("GET", "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(SpiffeBundleJson.write(bundleA));
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
  }

  @Test
  void headAnswersWithoutABody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void otherMethodsAre405AndOtherPaths404() throws Exception {
    HttpResponse<String> post = send("POST", "/");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(send("DELETE", "/").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/bundle").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/.well-known/spiffe").statusCode()).isEqualTo(404);
  }

  @Test
  void noBundleYetIs503() throws Exception {
    server.bundle.set(null);

    assertThat(send("GET", "/").statusCode()).isEqualTo(503);
  }

  @Test
  void aRenewedSvidIsPresentedByTheNextConnectionWithoutRestart() throws Exception {
    Svid first = svid(caA, ENDPOINT_A);
    server.credential.set(ServingCredential.of(first));
    Certificate before = presentedLeaf();

    Svid renewed = svid(caA, ENDPOINT_A);
    server.credential.set(ServingCredential.of(renewed));
    Certificate after = presentedLeaf();

    assertThat(before).isEqualTo(first.leaf());
    assertThat(after).isEqualTo(renewed.leaf());
    assertThat(client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(initial()).bundle())
        .isEqualTo(bundleA);
  }

  @Test
  void eachTrustDomainHasItsOwnListenerAndItsOwnSvid() throws Exception {
    CertificateAuthority caB = newCa(TD_B);
    SpiffeId endpointB = SpiffeId.parse("spiffe://td-b/bundle-endpoint");
    List<ServedTrustDomain> served =
        List.of(
            served(TD_A, () -> bundleA, ServingCredential.of(svid(caA, ENDPOINT_A))),
            served(TD_B, () -> bundleOf(caB), ServingCredential.of(svid(caB, endpointB))));
    try (BundleEndpointServer both = BundleEndpointServer.start(served, ServerSettings.DEFAULTS)) {
      BundleEndpoint atB =
          BundleEndpoint.of(TD_B, both.url(TD_B).toString(), EndpointProfile.spiffe(endpointB));

      FetchedBundle fromA =
          client(spiffeEndpoint(both.url(TD_A).toString(), ENDPOINT_A)).fetch(initial());
      FetchedBundle fromB = client(atB).fetch(FetchState.initial(bundleOf(caB)));

      assertThat(both.address(TD_A).getPort()).isNotEqualTo(both.address(TD_B).getPort());
      assertThat(fromA.bundle()).isEqualTo(bundleA);
      assertThat(fromB.bundle()).isEqualTo(bundleOf(caB));
    }
  }

  @Test
  void aTrustDomainCannotBeServedTwice() {
    ServedTrustDomain once = served(TD_A, () -> bundleA, null);

    assertThatThrownBy(
            () -> BundleEndpointServer.start(List.of(once, once), ServerSettings.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("td-a is served twice");
  }

  private static ServedTrustDomain served(
      TrustDomainName trustDomain, Supplier<TrustBundle> bundle, ServingCredential credential) {
    return new ServedTrustDomain(
        trustDomain, TestEndpointServer.loopback(), Profile.HTTPS_SPIFFE, bundle, () -> credential);
  }

  private FetchState initial() {
    return FetchState.initial(bundleOf(caA));
  }

  private SSLContext trustingTdA() throws Exception {
    TrustManager trust = new SpiffeServerTrust(ENDPOINT_A, bundleOf(caA), Clock.systemUTC());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[0], new TrustManager[] {trust}, null);
    return context;
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(trustingTdA()).build();
    URI uri = URI.create("https://127.0.0.1:" + server.port() + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri).method(method, BodyPublishers.noBody()).build();
    return http.send(request, BodyHandlers.ofString());
  }

  private Certificate presentedLeaf() throws Exception {
    try (SSLSocket socket =
        (SSLSocket) trustingTdA().getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }
}
