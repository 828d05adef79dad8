package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.ServedEndpoints.endpointCondition;
import static dev.vsid.operator.federation.ServedEndpoints.fetch;
import static dev.vsid.operator.federation.ServedEndpoints.serving;
import static dev.vsid.operator.federation.ServedEndpoints.withEndpoint;
import static dev.vsid.operator.testing.Sockets.freePort;
import static dev.vsid.operator.testing.Sockets.listening;
import static dev.vsid.operator.testing.Sockets.presentedChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WebEndpointSpec;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator serves each TrustDomain's bundle on the endpoint its spec asks for: the same roots
 * and sequence as the bundle ConfigMaps, behind an X509-SVID of the trust domain that openssl and
 * java-spiffe accept; a new root before its CA signs; and clear conditions for what it cannot
 * serve.
 */
class OperatorBundleEndpointTest {
  private static final TrustDomainName EXAMPLE = new TrustDomainName("example.org");
  private static final String HOST = "127.0.0.1";
  private static final SpiffeId WEB_ID = SpiffeId.parse("spiffe://web-ca.test/bundle-web");

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void theBundleIsServedWithAnSvidOfItsTrustDomainThatIndependentToolsAccept(@TempDir Path dir)
      throws Exception {
    int port = freePort();
    withEndpointAt("example", "example.org", port);
    TrustDomain td = awaitServing("example");
    List<X509Certificate> roots = caRoots("example");

    FetchedBundle fetched = fetch(EXAMPLE, port, HOST, roots, harness.clock());

    assertThat(fetched.bundle().authorities()).containsExactlyElementsOf(roots);
    assertThat(fetched.bundle().sequence().getAsLong())
        .isEqualTo(td.getStatus().getBundle().getSequence());
    assertThat(fetched.bundle().refreshHint()).contains(Duration.ofSeconds(10));
    assertThat(endpointCondition(td).orElseThrow().getMessage())
        .contains("port " + port)
        .contains("spiffe://example.org/vsid/bundle-endpoint");

    List<X509Certificate> chain = presentedChain(HOST, port);
    X509SvidValidator.verifyChain(
        chain,
        new X509Bundle(io.spiffe.spiffeid.TrustDomain.parse("example.org"), new HashSet<>(roots)));
    Files.writeString(dir.resolve("roots.pem"), Pem.encodeCertificates(roots));
    Files.writeString(dir.resolve("served.pem"), Pem.encodeCertificates(chain));
    assertThat(
            IndependentVerifiers.run(
                dir, "openssl", "verify", "-CAfile", "roots.pem", "served.pem"))
        .contains("served.pem: OK");
    assertThat(
            IndependentVerifiers.run(
                dir, "openssl", "x509", "-in", "served.pem", "-noout", "-ext", "subjectAltName"))
        .contains("URI:spiffe://example.org/vsid/bundle-endpoint");
  }

  @Test
  void aPeerExpectingAnotherSpiffeIdRefusesTheEndpoint() throws Exception {
    int port = freePort();
    withEndpointAt("example", "example.org", port);
    awaitServing("example");
    List<X509Certificate> roots = caRoots("example");
    BundleEndpoint endpoint =
        BundleEndpoint.of(
            EXAMPLE,
            "https://127.0.0.1:" + port + "/",
            EndpointProfile.spiffe(SpiffeId.parse("spiffe://example.org/spire/server")));
    BundleEndpointClient client =
        new BundleEndpointClient(endpoint, FetchSettings.DEFAULTS, harness.clock());

    assertThatThrownBy(() -> client.fetch(FetchState.initial(TrustBundle.of(EXAMPLE, roots))))
        .isInstanceOfSatisfying(
            BundleFetchException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(FetchFailure.SERVER_NOT_AUTHENTICATED);
              assertThat(e.getMessage()).contains("spiffe://example.org/spire/server");
            });
  }

  @Test
  void aNewRootIsServedBeforeItsCaSignsAndTheEndpointFollowsTheSwitch() throws Exception {
    int port = freePort();
    withEndpointAt("example", "example.org", port);
    TrustDomain td = awaitServing("example");
    String activeCa = td.getStatus().getCa().getFingerprint();
    List<X509Certificate> roots = caRoots("example");
    long before =
        fetch(EXAMPLE, port, HOST, roots, harness.clock()).bundle().sequence().getAsLong();

    harness
        .client()
        .resources(TrustDomain.class)
        .withName("example")
        .edit(
            t -> {
              CaRotationSpec rotation = t.getSpec().getCa().getRotation();
              rotation.setRequest("test-rotation");
              return t;
            });
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                fetch(EXAMPLE, port, HOST, roots, harness.clock()).bundle().authorities().size()
                    == 2);
    FetchedBundle published = fetch(EXAMPLE, port, HOST, roots, harness.clock());
    assertThat(published.bundle().sequence().getAsLong()).isGreaterThan(before);
    assertThat(harness.trustDomain("example").getStatus().getCa().getFingerprint())
        .as("the old CA still signs while the new root is published")
        .isEqualTo(activeCa);
    X509Certificate newRoot =
        published.bundle().authorities().stream()
            .filter(r -> !roots.contains(r))
            .findFirst()
            .orElseThrow();

    // Past the propagation delay (30 s, three 10 s hints) the new CA signs.
    harness.clock().advance(Duration.ofSeconds(31));
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                Fingerprints.sha256(newRoot)
                    .equals(harness.trustDomain("example").getStatus().getCa().getFingerprint()));
    // The moved clock puts the new certificate's start a second ahead of real time: retry.
    await()
        .atMost(OperatorHarness.WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              List<X509Certificate> chain = presentedChain(HOST, port);
              assertThat(chain.get(chain.size() - 1).getIssuerX500Principal())
                  .isEqualTo(newRoot.getSubjectX500Principal());
              X509SvidValidator.verifyChain(
                  chain,
                  new X509Bundle(
                      io.spiffe.spiffeid.TrustDomain.parse("example.org"),
                      new HashSet<>(List.of(newRoot))));
            });
  }

  @Test
  void anHttpsWebListenerServesWithTheSecretsCertificateAndFollowsItsRenewal() throws Exception {
    int port = freePort();
    int webPort = freePort();
    CertificateAuthority webCa = FederationFixtures.newCa(new TrustDomainName("web-ca.test"));
    Svid first = FederationFixtures.svid(webCa, WEB_ID, "localhost");
    webSecret("bundle-web-tls", first);
    withWebEndpointAt(port, webPort, "bundle-web-tls");
    TrustDomain td = awaitServing("example");
    assertThat(endpointCondition(td).orElseThrow().getMessage())
        .contains("https_web on port " + webPort);

    BundleEndpoint endpoint =
        BundleEndpoint.of(
            EXAMPLE,
            "https://localhost:" + webPort + "/",
            EndpointProfile.webPki(Pem.encodeCertificates(webCa.roots())));
    FetchedBundle fetched =
        new BundleEndpointClient(endpoint, FetchSettings.DEFAULTS, harness.clock())
            .fetch(FetchState.none());
    assertThat(fetched.bundle().authorities()).containsExactlyElementsOf(caRoots("example"));
    assertThat(presentedChain(HOST, webPort).get(0)).isEqualTo(first.leaf());

    Svid renewed = FederationFixtures.svid(webCa, WEB_ID, "localhost");
    webSecret("bundle-web-tls", renewed);
    await()
        .atMost(OperatorHarness.WAIT)
        .ignoreExceptions()
        .until(() -> presentedChain(HOST, webPort).get(0).equals(renewed.leaf()));
  }

  @Test
  void aMissingWebSecretIsReportedWhileTheHttpsSpiffeListenerServes() throws Exception {
    int port = freePort();
    int webPort = freePort();
    withWebEndpointAt(port, webPort, "not-there");
    TrustDomain td = awaitEndpoint("example", Reasons.BUNDLE_ENDPOINT_UNAVAILABLE);

    assertThat(endpointCondition(td).orElseThrow().getMessage())
        .contains("Secret not-there")
        .contains("https_spiffe on port " + port);
    assertThat(
            fetch(EXAMPLE, port, HOST, caRoots("example"), harness.clock()).bundle().trustDomain())
        .isEqualTo(EXAMPLE);
    assertThat(listening(HOST, webPort)).isFalse();
  }

  /** TrustDomain example (example.org) with https_spiffe on port and https_web on webPort. */
  private void withWebEndpointAt(int port, int webPort, String secretName) {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          withEndpoint(spec, port);
          WebEndpointSpec web = new WebEndpointSpec();
          web.setPort(webPort);
          web.setSecretName(secretName);
          spec.getBundleEndpoint().setWeb(web);
        });
  }

  private void webSecret(String name, Svid svid) {
    harness
        .client()
        .secrets()
        .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(OperatorHarness.OPERATOR_NAMESPACE)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(
                    Map.of(
                        "tls.crt",
                        base64(svid.chainPem()),
                        "tls.key",
                        base64(svid.privateKeyPem())))
                .build())
        .createOr(NonDeletingOperation::update);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPropagationDelayShorterThanThreeRefreshHintsIsRefusedAndNothingListens() {
    int port = freePort();
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          withEndpoint(spec, port);
          spec.getCa().getRotation().setPropagationDelay("25s");
        });
    TrustDomain td = awaitEndpoint("example", Reasons.INVALID_BUNDLE_ENDPOINT);

    Condition condition = endpointCondition(td).orElseThrow();
    assertThat(condition.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(condition.getMessage())
        .contains("spec.ca.rotation.propagationDelay 25s")
        .contains("at least 30s");
    assertThat(Conditions.isTrue(td.getStatus().getConditions(), Condition.READY)).isTrue();
    assertThat(listening(HOST, port)).isFalse();
  }

  @Test
  void aPortAlreadyTakenByAnOlderTrustDomainIsRefusedUntilItIsFree() throws Exception {
    int port = freePort();
    withEndpointAt("first", "first.test", port);
    awaitServing("first");
    withEndpointAt("second", "second.test", port);
    TrustDomain second = awaitEndpoint("second", Reasons.BUNDLE_ENDPOINT_PORT_IN_USE);
    assertThat(endpointCondition(second).orElseThrow().getMessage())
        .contains("port " + port)
        .contains("TrustDomain first");

    harness.client().resources(TrustDomain.class).withName("first").delete();
    awaitServing("second");
    TrustDomainName name = new TrustDomainName("second.test");
    assertThat(fetch(name, port, HOST, caRoots("second"), harness.clock()).bundle().trustDomain())
        .isEqualTo(name);
  }

  @Test
  void removingTheEndpointStopsItsListenerAndRemovesItsCondition() {
    int port = freePort();
    withEndpointAt("example", "example.org", port);
    awaitServing("example");
    assertThat(listening(HOST, port)).isTrue();

    harness
        .client()
        .resources(TrustDomain.class)
        .withName("example")
        .edit(
            t -> {
              t.getSpec().setBundleEndpoint(null);
              return t;
            });
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> endpointCondition(harness.trustDomain("example")).isEmpty());
    await().atMost(OperatorHarness.WAIT).until(() -> !listening(HOST, port));
  }

  @Test
  void noWorkloadMayHoldTheEndpointsSpiffeIdEvenWhenThePolicyAllowsEverything() {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          IdentityPolicySpec policy = new IdentityPolicySpec();
          policy.setSpiffeIdPaths(List.of(new PolicyRule("/**")));
          spec.setPolicy(policy);
        });
    harness.createIdentity("shop", "impostor", s -> s.setSpiffeIdPath("/vsid/bundle-endpoint"));

    WorkloadIdentity wi =
        harness.awaitIdentity("shop", "impostor", Condition.FALSE, Reasons.SPIFFE_ID_RESERVED);
    assertThat(
            Conditions.find(wi.getStatus().getConditions(), Condition.READY)
                .orElseThrow()
                .getMessage())
        .contains("bundle endpoint");
    assertThat(harness.client().secrets().inNamespace("shop").list().getItems()).isEmpty();
  }

  private void withEndpointAt(String name, String trustDomain, int port) {
    harness.createTrustDomain(
        name,
        spec -> {
          spec.setTrustDomain(trustDomain);
          withEndpoint(spec, port);
        });
  }

  private TrustDomain awaitServing(String name) {
    await().atMost(OperatorHarness.WAIT).until(() -> serving(harness.trustDomain(name)));
    return harness.trustDomain(name);
  }

  private TrustDomain awaitEndpoint(String name, String reason) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                endpointCondition(harness.trustDomain(name))
                    .map(c -> reason.equals(c.getReason()))
                    .orElse(false));
    return harness.trustDomain(name);
  }

  private List<X509Certificate> caRoots(String trustDomain) throws Exception {
    return Pem.parseCertificates(
        OperatorHarness.text(
            harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-" + trustDomain),
            "ca.crt"));
  }
}
