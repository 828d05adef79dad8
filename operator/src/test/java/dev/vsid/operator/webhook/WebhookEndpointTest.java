package dev.vsid.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.WebhookClient;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What the webhook's HTTPS endpoint accepts and refuses, and how openssl sees its certificate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookEndpointTest {
  private OperatorHarness harness;
  private WebhookClient client;

  @BeforeAll
  void start() {
    harness = new OperatorHarness(WebhookTesting::on);
    client = WebhookTesting.client(harness);
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  @Test
  void malformedJsonIsAPlainBadRequestWithoutAStackTrace() throws Exception {
    var response = client.post(ReviewEndpoint.PATH, "{\"apiVersion\": \"admission.k8s.io/v1\", ");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("text/plain");
    assertThat(response.body()).isEqualTo("the body is not valid JSON\n");
  }

  @Test
  void aReviewWithoutARequestUidOrOfAnotherVersionIsABadRequest() throws Exception {
    String noUid =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}";
    String oldVersion =
        "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}";
    String notAPod =
        Reviews.create(Reviews.uid(), Reviews.pod("shop").build())
            .replace("\"containers\":[", "\"containers\":{\"x\":[")
            .replace("}]}", "}]}}");

    assertThat(client.post(ReviewEndpoint.PATH, noUid).body()).contains("no request with a uid");
    assertThat(client.post(ReviewEndpoint.PATH, oldVersion).status()).isEqualTo(400);
    assertThat(client.post(ReviewEndpoint.PATH, "[]").status()).isEqualTo(400);
    var response = client.post(ReviewEndpoint.PATH, notAPod);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("request.object is not a readable Pod\n");
  }

  @Test
  void onlyPostIsAllowed() throws Exception {
    var get = client.send("GET", ReviewEndpoint.PATH, new byte[0]);
    var put = client.send("PUT", ReviewEndpoint.PATH, new byte[0]);

    assertThat(get.status()).isEqualTo(405);
    assertThat(put.status()).isEqualTo(405);
  }

  @Test
  void anyOtherPathIsNotFound() throws Exception {
    String review = Reviews.create(Reviews.uid(), Reviews.pod("shop").build());

    assertThat(client.post("/", review).status()).isEqualTo(404);
    assertThat(client.post("/validate-pods/x", review).status()).isEqualTo(404);
    assertThat(client.post("/mutate-pods", review).status()).isEqualTo(404);
  }

  @Test
  void aBodyLargerThanTheApiServerWouldSendIsRefused() throws Exception {
    byte[] body = new byte[RequestLimits.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    // The server answers 413 and closes without reading the rest; on a busy machine the client
    // may see the connection reset before that answer. Either way the body is refused.
    assertThat(client.send("POST", ReviewEndpoint.PATH, body).status())
        .isIn(413, WebhookClient.CLOSED_WITHOUT_ANSWER);
  }

  @Test
  void aRequestWhoseBodyNeverComesIsDroppedAfterTheTimeLimit() throws Exception {
    var waited = client.stallBody(ReviewEndpoint.PATH);

    assertThat(waited)
        .isGreaterThanOrEqualTo(RequestLimits.MAX_REQUEST_TIME.minusSeconds(1))
        .isLessThan(RequestLimits.MAX_REQUEST_TIME.plusSeconds(5));
  }

  @Test
  void aClientThatStallsInTheTlsHandshakeIsDroppedAfterTheTimeLimit() throws Exception {
    var address = harness.operator().webhookAddress().orElseThrow();
    try (var socket = new java.net.Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
      long start = System.nanoTime();
      try {
        socket.getInputStream().readAllBytes();
      } catch (java.io.IOException e) {
        // a reset counts as giving up
      }
      var waited = java.time.Duration.ofNanos(System.nanoTime() - start);

      assertThat(waited).isLessThan(RequestLimits.MAX_REQUEST_TIME.plusSeconds(5));
    }
  }

  @Test
  void tlsOnePointThreeIsPreferredAndOnePointTwoAccepted() throws Exception {
    String review = Reviews.create(Reviews.uid(), Reviews.pod("shop").build());

    assertThat(client.post(ReviewEndpoint.PATH, review).tls()).isEqualTo("TLSv1.3");
    var tls12 = client.offering("TLSv1.2").post(ReviewEndpoint.PATH, review);
    assertThat(tls12.tls()).isEqualTo("TLSv1.2");
    assertThat(tls12.status()).isEqualTo(200);
  }

  @Test
  void opensslVerifiesTheServingChainAgainstTheCaBundleForTheServiceName(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("ca.pem"), WebhookTesting.caBundle(harness));

    String good = sClient(dir, WebhookTesting.SERVICE_HOST, "-verify_return_error");
    String wrongName = sClient(dir, "other.vsid-system.svc");
    String oldTls = sClient(dir, WebhookTesting.SERVICE_HOST, "-tls1_1");

    assertThat(good).contains("Verification: OK").contains("Verify return code: 0 (ok)");
    assertThat(good).contains("Peer signature type: ECDSA").contains("New, TLSv1.3");
    assertThat(wrongName).contains("hostname mismatch");
    assertThat(oldTls).contains("no peer certificate available");
  }

  private String sClient(Path dir, String serverName, String... extra) throws Exception {
    int port = harness.operator().webhookAddress().orElseThrow().getPort();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-servername",
                serverName,
                "-verify_hostname",
                serverName,
                "-CAfile",
                "ca.pem"));
    command.addAll(List.of(extra));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(new File("/dev/null"))
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
