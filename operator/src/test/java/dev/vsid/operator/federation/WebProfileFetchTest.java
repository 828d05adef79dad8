package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.client;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import org.junit.jupiter.api.Test;

/**
 * {@code https_web} on loopback: the server's certificate must chain to the configured CA bundle
 * (or the JDK's trust store) and name the URL's host.
 */
class WebProfileFetchTest {
  private final CertificateAuthority webCa = newCa(TD_A);
  private final TrustBundle bundleA = bundleOf(newCa(TD_A)).withSequence(3);

  @Test
  void aServerWithACertificateForLocalhostIsTrustedThroughTheConfiguredCa() throws Exception {
    try (TestEndpointServer server = TestEndpointServer.web(bundleA, credentialFor("localhost"))) {
      FetchedBundle fetched = client(web(server.localhostUrl())).fetch(FetchState.none());

      assertThat(fetched.bundle()).isEqualTo(bundleA);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedByTheHostNameCheck() throws Exception {
    try (TestEndpointServer server =
        TestEndpointServer.web(bundleA, credentialFor("bundles.other.test"))) {

      assertThatThrownBy(() -> client(web(server.localhostUrl())).fetch(FetchState.none()))
          .isInstanceOfSatisfying(
              BundleFetchException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(FetchFailure.SERVER_NOT_AUTHENTICATED);
                assertThat(e.getMessage())
                    .contains("(https_web)")
                    .contains("localhost")
                    .contains("names the URL's host");
              });
    }
  }

  @Test
  void anIpAddressUrlNeedsTheAddressInTheCertificate() throws Exception {
    try (TestEndpointServer server = TestEndpointServer.web(bundleA, credentialFor("localhost"))) {

      assertThatThrownBy(() -> client(web(server.url())).fetch(FetchState.none()))
          .isInstanceOfSatisfying(
              BundleFetchException.class, e -> assertThat(e.getMessage()).contains("127.0.0.1"));
    }
  }

  @Test
  void theDefaultTrustStoreDoesNotTrustATestCa() throws Exception {
    try (TestEndpointServer server = TestEndpointServer.web(bundleA, credentialFor("localhost"))) {
      BundleEndpoint endpoint =
          BundleEndpoint.of(TD_A, server.localhostUrl(), EndpointProfile.webPki());

      assertThatThrownBy(() -> client(endpoint).fetch(FetchState.none()))
          .isInstanceOfSatisfying(
              BundleFetchException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(FetchFailure.SERVER_NOT_AUTHENTICATED);
                assertThat(e.getMessage()).contains("chains to the default trust store");
              });
    }
  }

  @Test
  void aServingCertificateCanBeGivenAsPem() throws Exception {
    Svid svid = svid(webCa, ENDPOINT_A, "localhost");
    ServingCredential fromPem = ServingCredential.fromPem(svid.chainPem(), svid.privateKeyPem());
    Svid other = svid(webCa, ENDPOINT_A, "localhost");

    assertThat(fromPem).isEqualTo(ServingCredential.of(svid));
    assertThat(fromPem.toString()).doesNotContain("PRIVATE").contains("certificates=1");
    assertThatThrownBy(() -> ServingCredential.fromPem(svid.chainPem(), other.privateKeyPem()))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aCaBundleHoldingAPrivateKeyIsRefusedAsConfiguration() {
    String withKey =
        Pem.encodeCertificates(webCa.roots()) + Pem.encodePrivateKey(webCa.privateKey());

    assertThatThrownBy(() -> EndpointProfile.webPki(withKey))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.INVALID_ENDPOINT);
              assertThat(e.getMessage()).contains("private key").doesNotContain("MII");
            });
  }

  private ServingCredential credentialFor(String dnsName) {
    return ServingCredential.of(svid(webCa, ENDPOINT_A, dnsName));
  }

  private BundleEndpoint web(String url) throws BundleFetchException {
    return BundleEndpoint.of(
        TD_A, url, EndpointProfile.webPki(Pem.encodeCertificates(webCa.roots())));
  }
}
