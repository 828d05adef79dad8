package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrustDomainTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = new OperatorHarness();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aTrustDomainGetsARootCaStoredInTheOperatorNamespaceAndReportedInStatus() throws Exception {
    harness.createTrustDomain("example", "example.org");

    TrustDomain td = harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
    Secret ca = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example");

    assertThat(ca.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(ca.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        OperatorHarness.text(ca, "tls.crt").getBytes(StandardCharsets.UTF_8)));
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getSubjectAlternativeNames())
        .singleElement()
        .satisfies(san -> assertThat(san.get(1)).isEqualTo("spiffe://example.org"));
    assertThat(td.getStatus().getCa().getSerialNumber())
        .isEqualTo(dev.vsid.operator.pki.Fingerprints.serialNumber(cert));
    assertThat(td.getStatus().getCa().getKeyType()).isEqualTo("ECP256");
    assertThat(td.getStatus().getCa().getFingerprint()).matches("([0-9a-f]{2}:){31}[0-9a-f]{2}");
    assertThat(td.getStatus().getCa().getNotAfter()).isNotBlank();
    assertThat(td.getStatus().getCa().getSubject()).contains("example.org");
    Thread.sleep(1000);
    assertThat(harness.cluster().writes(r -> r.contains("/trustdomains/example/status")))
        .hasSize(1);
    assertThat(harness.client().v1().events().inNamespace("default").list().getItems())
        .extracting(e -> e.getReason())
        .containsExactlyInAnyOrder("CaCreated", "CaReady", "BundlePublished");
  }

  @Test
  void aCaSecretIsNeverReplacedWhileItExists() throws Exception {
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
    Secret before = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example");

    harness.stopOperator();
    harness.startOperator();
    Thread.sleep(1500);

    Secret after = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getData()).isEqualTo(before.getData());
  }

  @Test
  void aDamagedCaSecretMakesTheTrustDomainNotReadyAndIsLeftForAHumanToRepair() throws Exception {
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, "CaReady");
    Secret ca = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example");
    ca.getData().put("tls.key", ca.getData().get("ca.crt"));
    harness.client().resource(ca).update();
    String version =
        harness
            .secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example")
            .getMetadata()
            .getResourceVersion();

    TrustDomain td = harness.awaitTrustDomain("example", Condition.FALSE, "CaSecretInvalid");

    String message = td.getStatus().getConditions().get(0).getMessage();
    assertThat(message)
        .contains("vsid-system/vsid-ca-example")
        .contains("does not hold a usable CA");
    Thread.sleep(500);
    assertThat(
            harness
                .secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example")
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void anInvalidTrustDomainNameIsReportedAndNoCaIsMade() throws Exception {
    harness.createTrustDomain("upper", "Example.org");

    TrustDomain td = harness.awaitTrustDomain("upper", Condition.FALSE, "InvalidTrustDomain");

    assertThat(td.getStatus().getConditions().get(0).getMessage())
        .contains("Example.org")
        .contains("lowercase");
    assertThat(harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-upper")).isNull();
  }

  @Test
  void anUnsupportedCaKeyTypeIsReportedAndNoCaIsMade() {
    harness.createTrustDomain(
        "dsa",
        spec -> {
          spec.setTrustDomain("dsa.example");
          CaSpec ca = new CaSpec();
          ca.setKeyType("DSA");
          spec.setCa(ca);
        });

    harness.awaitTrustDomain("dsa", Condition.FALSE, "InvalidCaSettings");
    assertThat(harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-dsa")).isNull();
  }

  @Test
  void aCaCanUseAnotherKeyTypeAndLifetime() {
    harness.createTrustDomain(
        "rsa",
        spec -> {
          spec.setTrustDomain("rsa.example");
          CaSpec ca = new CaSpec();
          ca.setKeyType("RSA3072");
          ca.setTtl("720h");
          spec.setCa(ca);
        });

    TrustDomain td = harness.awaitTrustDomain("rsa", Condition.TRUE, "CaReady");
    assertThat(td.getStatus().getCa().getKeyType()).isEqualTo("RSA3072");
  }

  @Test
  void aSecondTrustDomainResourceForTheSameTrustDomainIsRefused() throws Exception {
    harness.createTrustDomain("first", "example.org");
    harness.awaitTrustDomain("first", Condition.TRUE, "CaReady");

    harness.createTrustDomain("second", "example.org");

    TrustDomain second =
        harness.awaitTrustDomain("second", Condition.FALSE, "DuplicateTrustDomain");
    assertThat(second.getStatus().getConditions().get(0).getMessage()).contains("first");
    assertThat(harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-second")).isNull();
    assertThat(harness.trustDomain("first").getStatus().getConditions().get(0).getReason())
        .isEqualTo("CaReady");
  }
}
