package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.spiffeEndpoint;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static dev.vsid.operator.federation.ScriptedHttpsServer.answer;
import static dev.vsid.operator.federation.ScriptedHttpsServer.bigBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import dev.vsid.operator.pki.CertificateAuthority;
import java.time.Clock;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What an authenticated endpoint answers is still refused unless it is a plain 200 with a small,
 * well-formed SPIFFE bundle; every refusal is one short line naming the URL.
 */
class ServedResponseRefusalsTest {
  private static final CertificateAuthority CA_A = newCa(TD_A);
  private static final ServingCredential SVID_A = ServingCredential.of(svid(CA_A, ENDPOINT_A));

  @Test
  void aRedirectIsNotFollowedAndItsLocationIsNamed() throws Exception {
    HttpHandler redirect = answer(302, "", "Location", "https://127.0.0.1:1/elsewhere");

    assertRefused(
        redirect,
        FetchFailure.REDIRECT,
        "answered HTTP 302 redirecting to \"https://127.0.0.1:1/elsewhere\"",
        "redirects are not followed");
  }

  @Test
  void notFoundAndServerErrorsAreRefusedWithTheirStatus() throws Exception {
    assertRefused(
        answer(404, "no such thing"), FetchFailure.HTTP_STATUS, "HTTP 404 instead of 200");
    assertRefused(answer(500, "<html>boom</html>"), FetchFailure.HTTP_STATUS, "HTTP 500");
  }

  @Test
  void aBodyAboveTheCapIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
    long twoMebibytes = 2L * 1024 * 1024;

    assertRefused(bigBody(twoMebibytes, false), FetchFailure.TOO_LARGE, "larger than 1048576");
    assertRefused(bigBody(twoMebibytes, true), FetchFailure.TOO_LARGE, "without being read");
  }

  @Test
  void aCapFarBelowTheBodyStopsTheReadEarly() throws Exception {
    try (ScriptedHttpsServer server =
        new ScriptedHttpsServer(SVID_A, bigBody(512L * 1024 * 1024, true))) {
      FetchSettings small = FetchSettings.DEFAULTS.withMaxBodyBytes(4096);
      BundleEndpointClient client =
          new BundleEndpointClient(
              spiffeEndpoint(server.url(), ENDPOINT_A), small, Clock.systemUTC());
      long start = System.nanoTime();

      assertThatThrownBy(() -> client.fetch(FetchState.initial(bundleOf(CA_A))))
          .hasMessageContaining("larger than 4096 bytes");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWithAShortExcerpt() throws Exception {
    assertRefused(
        answer(200, "<html>" + "x".repeat(5000) + "</html>"),
        FetchFailure.MALFORMED_BUNDLE,
        "is not a valid SPIFFE bundle");
  }

  @Test
  void malformedJsonAndJsonThatIsNoBundleAreRefused() throws Exception {
    assertRefused(answer(200, "{\"keys\":["), FetchFailure.MALFORMED_BUNDLE, "SPIFFE bundle");
    assertRefused(answer(200, "{\"spiffe_sequence\":1}"), FetchFailure.MALFORMED_BUNDLE, "keys");
    assertRefused(answer(200, "[]"), FetchFailure.MALFORMED_BUNDLE, "SPIFFE bundle");
  }

  @Test
  void aBodyThatIsNotUtf8IsRefused() throws Exception {
    HttpHandler latin1 =
        exchange -> {
          try (exchange) {
            byte[] body = {'{', '"', (byte) 0xff, '"', '}'};
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        };

    assertRefused(latin1, FetchFailure.MALFORMED_BUNDLE, "not UTF-8 text");
  }

  private static void assertRefused(HttpHandler handler, FetchFailure failure, String... parts)
      throws Exception {
    try (ScriptedHttpsServer server = new ScriptedHttpsServer(SVID_A, handler)) {
      BundleEndpointClient client =
          FederationFixtures.client(spiffeEndpoint(server.url(), ENDPOINT_A));
      ThrowingCallable fetch = () -> client.fetch(FetchState.initial(bundleOf(CA_A)));

      assertThatThrownBy(fetch)
          .isInstanceOfSatisfying(
              BundleFetchException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(failure);
                assertThat(e.getMessage())
                    .startsWith("bundle endpoint \"" + server.url() + "\"")
                    .contains(parts)
                    .doesNotContain("\n")
                    .hasSizeLessThan(400);
              });
    }
  }
}
