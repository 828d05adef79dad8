package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.testing.OperatorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiFaultTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void serverErrorsWhileWritingTheSecretAreRetriedAndEndInOneSvid() throws Exception {
    harness.cluster().failNext(r -> r.equals("POST /api/v1/namespaces/shop/secrets"), 500, 2);

    harness.createIdentity("shop", "web", spec -> {});

    var wi = harness.awaitIdentityReady("shop", "web");
    assertThat(harness.cluster().writes(r -> r.equals("POST /api/v1/namespaces/shop/secrets")))
        .hasSize(3);
    var leaf =
        dev.vsid.operator.pki.Pem.parseCertificates(
                OperatorHarness.text(harness.secret("shop", "web"), "tls.crt"))
            .get(0);
    assertThat(wi.getStatus().getSerialNumber())
        .isEqualTo(dev.vsid.operator.pki.Fingerprints.serialNumber(leaf));
  }

  @Test
  void aRejectedWriteIsReportedThenRetriedWithBackoffUntilItSucceeds() {
    harness.cluster().failNext(r -> r.equals("POST /api/v1/namespaces/shop/secrets"), 403, 2);

    harness.createIdentity("shop", "web", spec -> {});

    harness.awaitIdentityReady("shop", "web");
    assertThat(harness.cluster().writes(r -> r.equals("POST /api/v1/namespaces/shop/secrets")))
        .hasSize(3);
    assertThat(harness.client().v1().events().inNamespace("shop").list().getItems())
        .extracting(e -> e.getReason())
        .containsOnlyOnce("ApiError")
        .contains("SvidIssued");
  }
}
