package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.testing.OperatorHarness;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HELD: a tenant adds their own root to the bundle ConfigMap (and to their SVID Secret's ca.crt),
 * makes the ConfigMap unrepairable, then the CA Secret is deleted: the recovery must not pick the
 * tenant's root up.
 */
class LostRootInjectionTest {
  private static final String CM = "vsid-bundle-example";
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aRootPlantedInAConfigMapIsNotRecoveredAfterTheCaSecretIsDeleted() throws Exception {
    harness.createTrustDomain("example", spec -> spec.setTrustDomain("example.org"));
    harness.createIdentity("payments", "api", s -> {});
    harness.awaitIdentityReady("payments", "api");
    CertificateAuthority evil =
        CertificateAuthority.generateRoot(
            TrustDomainName.parse("example.org"),
            KeyType.EC_P256,
            Duration.ofDays(30),
            Clock.systemUTC());
    String evilPem = Pem.encodeCertificates(evil.roots());
    String evilFp = Fingerprints.sha256(evil.roots().get(0));
    harness
        .cluster()
        .failNext(
            r -> r.startsWith("PUT ") && r.contains("/namespaces/payments/configmaps/" + CM),
            422,
            100000);
    harness
        .client()
        .configMaps()
        .inNamespace("payments")
        .withName(CM)
        .edit(
            cm -> {
              cm.getData().put("ca.crt", cm.getData().get("ca.crt") + evilPem);
              return cm;
            });
    Thread.sleep(1000);
    harness
        .client()
        .secrets()
        .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
        .withName("vsid-ca-example")
        .delete();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              var s = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example");
              return s != null && s.getData() != null;
            });
    Thread.sleep(2000);
    var td = harness.trustDomain("example");
    System.out.println(
        "rootFingerprints after recovery: " + td.getStatus().getBundle().getRootFingerprints());
    assertThat(td.getStatus().getBundle().getRootFingerprints()).doesNotContain(evilFp);
    String shop =
        harness
            .client()
            .configMaps()
            .inNamespace("shop")
            .withName(CM)
            .get()
            .getData()
            .get("ca.crt");
    assertThat(shop).doesNotContain(evilPem.trim());
  }
}
