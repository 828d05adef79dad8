package dev.vsid.operator.federation;

import static dev.vsid.operator.federation.FederationFixtures.ENDPOINT_A;
import static dev.vsid.operator.federation.FederationFixtures.TD_A;
import static dev.vsid.operator.federation.FederationFixtures.bundleOf;
import static dev.vsid.operator.federation.FederationFixtures.client;
import static dev.vsid.operator.federation.FederationFixtures.newCa;
import static dev.vsid.operator.federation.FederationFixtures.spiffeEndpoint;
import static dev.vsid.operator.federation.FederationFixtures.svid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.testing.IndependentVerifiers;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tools this project did not write judge the endpoint: openssl's TLS client verifies the served
 * chain against td-a's bundle and reads the same bundle JSON as our client, and both openssl and
 * java-spiffe verify the server's SVID against the bundle our client fetched.
 */
class IndependentCheckTest {
  private static final String REQUEST =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

  private final CertificateAuthority caA = newCa(TD_A);
  private final Svid serverSvid = svid(caA, ENDPOINT_A);
  private final TrustBundle bundleA =
      bundleOf(caA).withSequence(12).withRefreshHint(Duration.ofSeconds(300));

  @Test
  void opensslVerifiesTheServedChainAndReadsTheSameBundle(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("td-a.pem"), PemBundle.write(bundleA));
    Files.writeString(dir.resolve("request.txt"), REQUEST);
    try (TestEndpointServer server =
        TestEndpointServer.spiffe(bundleA, ServingCredential.of(serverSvid))) {
      String output = sClient(dir, server.port(), "td-a.pem");
      FetchedBundle fetched =
          client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(FetchState.initial(bundleA));

      assertThat(output).contains("Verification: OK").contains("HTTP/1.1 200 OK");
      String body = output.substring(output.indexOf("\r\n\r\n") + 4);
      assertThat(SpiffeBundleJson.read(TD_A, body)).isEqualTo(fetched.bundle());
    }
  }

  @Test
  void opensslRefusesTheServedChainAgainstAnotherCa(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("other.pem"), PemBundle.write(bundleOf(newCa(TD_A))));
    Files.writeString(dir.resolve("request.txt"), REQUEST);
    try (TestEndpointServer server =
        TestEndpointServer.spiffe(bundleA, ServingCredential.of(serverSvid))) {
      String output = sClient(dir, server.port(), "other.pem");

      assertThat(output).doesNotContain("HTTP/1.1 200 OK").contains("verify error");
    }
  }

  @Test
  void theFetchedBundleVerifiesTheServerSvidInOpensslAndJavaSpiffe(@TempDir Path dir)
      throws Exception {
    FetchedBundle fetched;
    try (TestEndpointServer server =
        TestEndpointServer.spiffe(bundleA, ServingCredential.of(serverSvid))) {
      fetched = client(spiffeEndpoint(server.url(), ENDPOINT_A)).fetch(FetchState.initial(bundleA));
    }
    Files.writeString(dir.resolve("fetched.pem"), PemBundle.write(fetched.bundle()));
    Files.writeString(dir.resolve("server.pem"), Pem.encodeCertificates(serverSvid.chain()));

    String verify =
        IndependentVerifiers.run(dir, "openssl", "verify", "-CAfile", "fetched.pem", "server.pem");
    X509Bundle javaSpiffeBundle =
        new X509Bundle(TrustDomain.parse("td-a"), new HashSet<>(fetched.bundle().authorities()));
    X509SvidValidator.verifyChain(serverSvid.chain(), javaSpiffeBundle);

    assertThat(verify).contains("server.pem: OK");
  }

  /** openssl s_client sending one GET; its report (stderr), then the HTTP answer (stdout). */
  private static String sClient(Path dir, int port, String caFile) throws Exception {
    List<String> command =
        List.of(
            "openssl",
            "s_client",
            "-connect",
            "127.0.0.1:" + port,
            "-CAfile",
            caFile,
            "-verify_return_error",
            "-brief",
            "-ign_eof");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(dir.resolve("report.txt").toFile())
            .redirectInput(dir.resolve("request.txt").toFile())
            .start();
    String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return Files.readString(dir.resolve("report.txt")) + answer;
  }
}
