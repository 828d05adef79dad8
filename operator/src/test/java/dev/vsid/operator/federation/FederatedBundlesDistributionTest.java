package dev.vsid.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.BundleSource;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.ProvidedCaFixtures;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Foreign bundles from FederatedTrustDomains reach bundle ConfigMaps and SVID Secrets. */
class FederatedBundlesDistributionTest {
  private static final CertificateAuthority PARTNER =
      ProvidedCaFixtures.root("partner.org", Duration.ofDays(30));
  private static final CertificateAuthority PARTNER_NEXT =
      ProvidedCaFixtures.root("partner.org", Duration.ofDays(60));

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aFederatedBundleReachesConfigMapsAndSecretsUnderItsOwnKeyAndInAllRoots() {
    federated("partner", "partner.org", pem(PARTNER));
    awaitFederated("partner", Condition.TRUE, Reasons.BUNDLE_IN_USE);
    trustDomain(List.of("partner.org"));
    harness.createIdentity("shop", "web", s -> {});
    harness.awaitIdentityReady("shop", "web");

    Secret secret = awaitSecretKey("shop", "web", "federated.partner.org.crt", pem(PARTNER));
    assertThat(OperatorHarness.text(secret, "ca.crt")).doesNotContain(body(PARTNER));
    assertThat(OperatorHarness.text(secret, "all-roots.crt"))
        .contains(body(PARTNER))
        .contains(OperatorHarness.text(secret, "ca.crt").strip().split("\n")[1]);
    ConfigMap cm = awaitConfigMapKey("shop", "federated.partner.org.crt", pem(PARTNER));
    assertThat(cm.getData()).containsKeys("federated.partner.org.json", "all-roots.crt");
    assertThat(cm.getData().get("ca.crt")).isEqualTo(OperatorHarness.text(secret, "ca.crt"));
    assertThat(federatedTrustDomain("partner").getStatus().getTrustDomain())
        .isEqualTo("partner.org");
    TrustDomain td = harness.trustDomain("example");
    assertThat(Conditions.find(td.getStatus().getConditions(), Condition.FEDERATED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(Condition.TRUE));
  }

  @Test
  void aRotationOfTheForeignCaReachesWorkloadsWithoutReissuingTheirSvids() {
    federated("partner", "partner.org", pem(PARTNER));
    awaitFederated("partner", Condition.TRUE, Reasons.BUNDLE_IN_USE);
    trustDomain(List.of("partner.org"));
    harness.createIdentity("shop", "web", s -> {});
    String serial = harness.awaitIdentityReady("shop", "web").getStatus().getSerialNumber();
    awaitSecretKey("shop", "web", "federated.partner.org.crt", pem(PARTNER));

    String both = pem(PARTNER) + pem(PARTNER_NEXT);
    FederatedTrustDomain ftd = federatedTrustDomain("partner");
    ftd.getSpec().getBundle().setPem(both);
    harness.client().resource(ftd).update();

    Secret secret = awaitSecretKey("shop", "web", "federated.partner.org.crt", canonical(both));
    assertThat(OperatorHarness.text(secret, "all-roots.crt")).contains(body(PARTNER_NEXT));
    awaitConfigMapKey("shop", "federated.partner.org.crt", canonical(both));
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
  }

  @Test
  void anIdentityMayNarrowItsFederationButNotWidenIt() {
    federated("partner", "partner.org", pem(PARTNER));
    trustDomain(List.of("partner.org"));
    harness.createIdentity("shop", "alone", s -> s.setFederatesWith(List.of()));
    harness.createIdentity("shop", "greedy", s -> s.setFederatesWith(List.of("other.org")));

    harness.awaitIdentityReady("shop", "alone");
    assertThat(harness.secret("shop", "alone").getData())
        .containsKey("ca.crt")
        .doesNotContainKeys("federated.partner.org.crt", "all-roots.crt");
    WorkloadIdentity greedy =
        harness.awaitIdentity("shop", "greedy", Condition.FALSE, Reasons.FEDERATION_NOT_ALLOWED);
    assertThat(ready(greedy.getStatus().getConditions()).getMessage())
        .contains("other.org")
        .contains("spec.federatesWith");
  }

  @Test
  void aMissingFederatedTrustDomainIsNamedAndTheOthersArePublishedMeanwhile() {
    federated("partner", "partner.org", pem(PARTNER));
    awaitFederated("partner", Condition.TRUE, Reasons.BUNDLE_IN_USE);
    trustDomain(List.of("partner.org", "ghost.org"));
    harness.createIdentity("shop", "web", s -> {});
    harness.awaitIdentityReady("shop", "web");

    awaitSecretKey("shop", "web", "federated.partner.org.crt", pem(PARTNER));
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                Conditions.find(
                        harness.trustDomain("example").getStatus().getConditions(),
                        Condition.FEDERATED)
                    .map(c -> Reasons.FEDERATED_BUNDLE_MISSING.equals(c.getReason()))
                    .orElse(false));
    Condition federated =
        Conditions.find(
                harness.trustDomain("example").getStatus().getConditions(), Condition.FEDERATED)
            .orElseThrow();
    assertThat(federated.getMessage()).contains("ghost.org").doesNotContain("partner.org");
  }

  @Test
  void aBundleWhoseCertificatesAreForAnotherTrustDomainIsRefused() {
    federated("liar", "liar.org", pem(PARTNER));

    FederatedTrustDomain ftd = awaitFederated("liar", Condition.FALSE, Reasons.INVALID_BUNDLE);
    assertThat(ready(ftd.getStatus().getConditions()).getMessage())
        .contains("another trust domain")
        .contains("spiffe://partner.org");
    assertThat(ftd.getStatus().getBundle()).isNull();
  }

  @Test
  void aBadEditKeepsTheBundleAcceptedBefore() {
    federated("partner", "partner.org", pem(PARTNER));
    awaitFederated("partner", Condition.TRUE, Reasons.BUNDLE_IN_USE);
    String before = federatedTrustDomain("partner").getStatus().getBundle();

    FederatedTrustDomain ftd = federatedTrustDomain("partner");
    ftd.getSpec().getBundle().setPem("-----BEGIN CERTIFICATE-----\nnot base64\n");
    harness.client().resource(ftd).update();

    FederatedTrustDomain after = awaitFederated("partner", Condition.FALSE, Reasons.INVALID_BUNDLE);
    assertThat(ready(after.getStatus().getConditions()).getMessage())
        .contains("spec.bundle.pem")
        .contains("the bundle accepted before stays in use");
    assertThat(after.getStatus().getBundle()).isEqualTo(before);
  }

  /**
   * spec.trustDomain is immutable, but an API server that does not enforce the CEL rule lets it
   * change: the bundle of the old trust domain must then never pass for the new one's, nor stay
   * with the old one's workloads.
   */
  @Test
  void aChangedTrustDomainDropsTheBundleFromTheStatusAndFromWorkloadsAndSaysSo() {
    federated("partner", "partner.org", pem(PARTNER));
    FederatedTrustDomain before = awaitFederated("partner", Condition.TRUE, Reasons.BUNDLE_IN_USE);
    assertThat(before.getStatus().getTrustDomain()).isEqualTo("partner.org");
    trustDomain(List.of("partner.org", "other.org"));
    harness.createIdentity("shop", "web", s -> {});
    harness.awaitIdentityReady("shop", "web");
    awaitSecretKey("shop", "web", "federated.partner.org.crt", pem(PARTNER));

    setTrustDomain("partner", "other.org");

    FederatedTrustDomain after =
        awaitFederated("partner", Condition.FALSE, Reasons.TRUST_DOMAIN_CHANGED);
    assertThat(ready(after.getStatus().getConditions()).getMessage())
        .contains("\"partner.org\"")
        .contains("\"other.org\"")
        .contains("immutable");
    assertThat(after.getStatus().getBundle()).isNull();
    assertThat(after.getStatus().getRootFingerprints()).isNull();
    assertThat(after.getStatus().getTrustDomain()).isEqualTo("partner.org");
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              Secret s = harness.secret("shop", "web");
              return !s.getData().containsKey("federated.partner.org.crt")
                  && !s.getData().containsKey("federated.other.org.crt")
                  && s.getData().keySet().stream()
                      .noneMatch(key -> OperatorHarness.text(s, key).contains(body(PARTNER)));
            });
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> !configMap("shop").getData().toString().contains(body(PARTNER)));
    assertThat(warnings("partner", Reasons.TRUST_DOMAIN_CHANGED)).isEqualTo(1);

    setTrustDomain("partner", "partner.org");
    awaitFederated("partner", Condition.TRUE, Reasons.BUNDLE_IN_USE);
    awaitSecretKey("shop", "web", "federated.partner.org.crt", pem(PARTNER));
  }

  private void setTrustDomain(String name, String trustDomain) {
    FederatedTrustDomain ftd = federatedTrustDomain(name);
    ftd.getSpec().setTrustDomain(trustDomain);
    harness.client().resource(ftd).update();
  }

  private long warnings(String name, String reason) {
    return harness.client().v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .count();
  }

  private ConfigMap configMap(String namespace) {
    return harness
        .client()
        .configMaps()
        .inNamespace(namespace)
        .withName("vsid-bundle-example")
        .get();
  }

  private void trustDomain(List<String> federatesWith) {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          spec.setFederatesWith(federatesWith);
        });
  }

  private void federated(String name, String trustDomain, String pem) {
    federated(name, trustDomain, source -> source.setPem(pem));
  }

  private void federated(String name, String trustDomain, Consumer<BundleSource> edit) {
    FederatedTrustDomain ftd = new FederatedTrustDomain();
    ftd.setMetadata(new ObjectMetaBuilder().withName(name).build());
    FederatedTrustDomainSpec spec = new FederatedTrustDomainSpec();
    spec.setTrustDomain(trustDomain);
    BundleSource source = new BundleSource();
    edit.accept(source);
    spec.setBundle(source);
    ftd.setSpec(spec);
    harness.client().resource(ftd).create();
  }

  private FederatedTrustDomain federatedTrustDomain(String name) {
    return harness.client().resources(FederatedTrustDomain.class).withName(name).get();
  }

  private FederatedTrustDomain awaitFederated(String name, String status, String reason) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              FederatedTrustDomain ftd = federatedTrustDomain(name);
              return ftd != null
                  && ftd.getStatus() != null
                  && Conditions.find(ftd.getStatus().getConditions(), Condition.READY)
                      .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                      .orElse(false);
            });
    return federatedTrustDomain(name);
  }

  private Secret awaitSecretKey(String namespace, String name, String key, String text) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              Secret s = harness.secret(namespace, name);
              return s != null
                  && s.getData().containsKey(key)
                  && text.equals(OperatorHarness.text(s, key));
            });
    return harness.secret(namespace, name);
  }

  private ConfigMap awaitConfigMapKey(String namespace, String key, String text) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              ConfigMap cm =
                  harness
                      .client()
                      .configMaps()
                      .inNamespace(namespace)
                      .withName("vsid-bundle-example")
                      .get();
              return cm != null && text.equals(cm.getData().get(key));
            });
    return harness
        .client()
        .configMaps()
        .inNamespace(namespace)
        .withName("vsid-bundle-example")
        .get();
  }

  private static String pem(CertificateAuthority ca) {
    return PemBundle.write(TrustBundle.of(ca.trustDomain(), List.of(ca.certificate())));
  }

  /** PEM text as the operator writes a bundle: sorted, one block per root. */
  private static String canonical(String pem) {
    try {
      return PemBundle.write(PemBundle.read(new TrustDomainName("partner.org"), pem));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A line from the middle of a CA's PEM, to find it in a bigger file. */
  private static String body(CertificateAuthority ca) {
    return pem(ca).split("\n")[2];
  }

  private static Condition ready(List<Condition> conditions) {
    return Conditions.find(conditions, Condition.READY).orElseThrow();
  }
}
