package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.SvidDefaults;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.ProvidedCaFixtures;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.TrustInvariant;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full CA rotation on the mock API with a moved clock. The invariant is checked at every step
 * and, in between, continuously by a watcher: every SVID in every Secret verifies against its own
 * ca.crt and against the bundle ConfigMap of its namespace (judged by the JDK's PKIX validator, and
 * at each step also by openssl and java-spiffe).
 */
class CaRotationTest {
  private static final List<String[]> IDENTITIES =
      List.of(
          new String[] {"shop", "web"},
          new String[] {"shop", "cart"},
          new String[] {"payments", "api"},
          new String[] {"payments", "ledger"});

  private final OperatorHarness harness =
      new OperatorHarness(settings -> settings.withReissuesPerSecond(2));
  private TrustInvariant watcher;

  @TempDir Path tmp;

  @AfterEach
  void close() throws InterruptedException {
    if (watcher != null) {
      watcher.close();
    }
    harness.close();
  }

  @Test
  void anAutomaticRotationNeverLeavesALiveSvidUnverifiable() throws Exception {
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, rotation -> {}));
    createIdentities();
    String oldCa = awaitPhase("Stable").getStatus().getCa().getFingerprint();
    Map<String, String> serials = serials();
    watcher = new TrustInvariant(harness, IDENTITIES, "example");
    assertInvariant("stable", 1);

    // An hour on, the CA has less than renewBefore left: the rotation starts.
    harness.clock().advance(Duration.ofMinutes(61));
    TrustDomain td = awaitPhase("Propagating");
    assertThat(td.getStatus().getRotation().getReason()).isEqualTo("Scheduled");
    assertThat(td.getStatus().getNextCa()).isNotNull();
    assertThat(td.getStatus().getCa().getFingerprint()).isEqualTo(oldCa);
    assertThat(serials()).as("nothing reissued while the new root is published").isEqualTo(serials);
    assertInvariant("new root published", 2);

    // After the propagation delay the new CA signs, and SVIDs are reissued two per second.
    harness.clock().advance(Duration.ofMinutes(2));
    td = awaitPhase("Retiring");
    assertThat(td.getStatus().getCa().getFingerprint()).isNotEqualTo(oldCa);
    assertThat(td.getStatus().getRetiringCas()).singleElement();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> serials().values().stream().noneMatch(serials::containsValue));
    td = awaitPhase("Stable");
    assertThat(td.getStatus().getRetiringCas()).isNull();
    assertThat(td.getStatus().getNextCa()).isNull();
    assertInvariant("old root retired", 1);
    assertThat(issuersOfSvids()).containsOnly(td.getStatus().getCa().getFingerprint());

    watcher.close();
    assertThat(watcher.violations()).as("invariant violations seen by the watcher").isEmpty();
    assertThat(eventReasons())
        .contains("CaRotationStarted", "CaRootPublished", "CaSwitched", "CaRootRetired");
  }

  @Test
  void reissuesAfterTheSwitchAreSpreadOverTime() throws Exception {
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, rotation -> {}));
    createIdentities();
    awaitPhase("Stable");
    Map<String, String> before = serials();

    harness.clock().advance(Duration.ofMinutes(61));
    awaitPhase("Propagating");
    harness.clock().advance(Duration.ofMinutes(2));
    awaitPhase("Retiring");
    long start = System.nanoTime();
    List<Long> reissuedAt = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              serials()
                  .forEach(
                      (id, serial) -> {
                        if (!serial.equals(before.get(id)) && seen.add(id)) {
                          reissuedAt.add((System.nanoTime() - start) / 1_000_000);
                        }
                      });
              return seen.size() == IDENTITIES.size();
            });
    // Two per second: four reissues take at least about 1.5 s from the first to the last.
    assertThat(reissuedAt.get(reissuedAt.size() - 1) - reissuedAt.get(0))
        .as("ms from first to last reissue: %s", reissuedAt)
        .isGreaterThanOrEqualTo(1200);
  }

  @Test
  void aRequestedRotationThatDropsTheOldRootReplacesEverySvidAtOnce() throws Exception {
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, rotation -> {}));
    createIdentities();
    String oldCa = awaitPhase("Stable").getStatus().getCa().getFingerprint();

    TrustDomain td = harness.trustDomain("example");
    td.getSpec().getCa().getRotation().setRequest("suspected-compromise-1");
    td.getSpec().getCa().getRotation().setDropOldRoot(true);
    td.getSpec().getCa().getRotation().setPropagationDelay("0s");
    harness.client().resource(td).update();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              TrustDomain now = harness.trustDomain("example");
              return !now.getStatus().getCa().getFingerprint().equals(oldCa)
                  && "Stable".equals(now.getStatus().getRotation().getPhase());
            });
    td = harness.trustDomain("example");
    assertThat(td.getStatus().getRotation().getReason()).isEqualTo("Requested");
    assertThat(td.getStatus().getRotation().getHandledRequest())
        .isEqualTo("suspected-compromise-1");
    assertThat(td.getStatus().getRetiringCas()).as("the old root is dropped at once").isNull();
    String newCa = td.getStatus().getCa().getFingerprint();
    await().atMost(Duration.ofSeconds(20)).until(() -> issuersOfSvids().equals(Set.of(newCa)));
    assertInvariant("after an emergency rotation", 1);

    // The same request again starts nothing.
    Thread.sleep(1000);
    assertThat(harness.trustDomain("example").getStatus().getCa().getFingerprint())
        .isEqualTo(newCa);
  }

  @Test
  void aRestartInTheMiddleOfARotationResumesWithoutASecondNewCa() throws Exception {
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, rotation -> {}));
    createIdentities();
    awaitPhase("Stable");
    harness.clock().advance(Duration.ofMinutes(61));
    String next = awaitPhase("Propagating").getStatus().getNextCa().getFingerprint();

    harness.stopOperator();
    harness.startOperator();
    Thread.sleep(1500);
    assertThat(harness.trustDomain("example").getStatus().getNextCa().getFingerprint())
        .isEqualTo(next);

    harness.clock().advance(Duration.ofMinutes(2));
    awaitPhase("Retiring");
    harness.stopOperator();
    harness.startOperator();
    TrustDomain td = awaitPhase("Stable");
    assertThat(td.getStatus().getCa().getFingerprint()).isEqualTo(next);
    assertInvariant("after restarts", 1);
  }

  @Test
  void aProvidedIntermediateSignsWithTheChainInTlsCrtAndTheOrganisationsRootInTheBundle()
      throws Exception {
    CertificateAuthority orgRoot = ProvidedCaFixtures.root("example.org", Duration.ofDays(60));
    CertificateAuthority intermediate = ProvidedCaFixtures.intermediate(orgRoot);
    providedSecret("org-ca", ProvidedCaFixtures.data(intermediate));
    harness.createTrustDomain("example", spec -> providedSpec(spec, "org-ca"));
    createIdentities();

    TrustDomain td = awaitPhase("Stable");
    assertThat(td.getStatus().getCa().getFingerprint()).isEqualTo(intermediate.fingerprint());
    Secret svid = harness.secret("shop", "web");
    assertThat(TrustInvariant.certificates(OperatorHarness.text(svid, "tls.crt"))).hasSize(2);
    assertThat(TrustInvariant.certificates(OperatorHarness.text(svid, "ca.crt")))
        .containsExactly(orgRoot.certificate());
    assertThat(TrustInvariant.certificates(bundle("shop").getData().get("ca.crt")))
        .containsExactly(orgRoot.certificate());
    Path dir = IndependentVerifiers.mount(svid, tmp.resolve("intermediate"));
    assertThat(
            IndependentVerifiers.run(
                dir,
                "openssl",
                "verify",
                "-x509_strict",
                "-CAfile",
                "ca.crt",
                "-untrusted",
                "tls.crt",
                "tls.crt"))
        .contains("tls.crt: OK");
    IndependentVerifiers.assertJavaSpiffeAccepts(
        dir, "example.org", "spiffe://example.org/ns/shop/sa/web");
    assertInvariant("provided intermediate", 1);
  }

  @Test
  void replacingAProvidedCaGoesThroughTheSameOverlap() throws Exception {
    CertificateAuthority first = ProvidedCaFixtures.root("example.org", Duration.ofDays(60));
    providedSecret("org-ca", ProvidedCaFixtures.data(first));
    harness.createTrustDomain("example", spec -> providedSpec(spec, "org-ca"));
    createIdentities();
    awaitPhase("Stable");
    watcher = new TrustInvariant(harness, IDENTITIES, "example");

    CertificateAuthority second = ProvidedCaFixtures.root("example.org", Duration.ofDays(90));
    providedSecret("org-ca", ProvidedCaFixtures.data(second));

    TrustDomain td = awaitPhase("Propagating");
    assertThat(td.getStatus().getRotation().getReason()).isEqualTo("ProvidedCaChanged");
    assertThat(td.getStatus().getNextCa().getFingerprint()).isEqualTo(second.fingerprint());
    assertThat(td.getStatus().getCa().getFingerprint()).isEqualTo(first.fingerprint());
    assertInvariant("provided replacement published", 2);
    harness.clock().advance(Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> issuersOfSvids().equals(Set.of(second.fingerprint())));
    td = awaitPhase("Stable");
    assertThat(td.getStatus().getCa().getFingerprint()).isEqualTo(second.fingerprint());
    assertInvariant("provided replacement done", 1);
    watcher.close();
    assertThat(watcher.violations()).isEmpty();
  }

  @Test
  void aProvidedCaThatCannotSignIsRefusedAndNothingIsSignedWithIt() throws Exception {
    CertificateAuthority root = ProvidedCaFixtures.root("example.org", Duration.ofDays(60));
    providedSecret("org-ca", ProvidedCaFixtures.notACa(root));
    harness.createTrustDomain("example", spec -> providedSpec(spec, "org-ca"));
    harness.createIdentity("shop", "web", spec -> {});

    TrustDomain td = harness.awaitTrustDomain("example", "False", "ProvidedCaInvalid");
    assertThat(td.getStatus().getConditions().get(0).getMessage())
        .contains("vsid-system/org-ca")
        .contains("nothing is signed with it")
        .doesNotContain("PRIVATE KEY");
    Thread.sleep(500);
    assertThat(harness.secret(OperatorHarness.OPERATOR_NAMESPACE, "vsid-ca-example")).isNull();
    assertThat(harness.secret("shop", "web")).isNull();

    // A wrong replacement while a good CA signs: reported, and the good CA goes on.
    providedSecret("org-ca", ProvidedCaFixtures.data(root));
    harness.awaitIdentityReady("shop", "web");
    String serial = harness.identity("shop", "web").getStatus().getSerialNumber();
    CertificateAuthority otherDomain = ProvidedCaFixtures.root("other.org", Duration.ofDays(60));
    providedSecret("org-ca", ProvidedCaFixtures.data(otherDomain));
    td = harness.awaitTrustDomain("example", "False", "ProvidedCaInvalid");
    assertThat(td.getStatus().getConditions().get(0).getMessage()).contains("keeps signing until");
    assertThat(td.getStatus().getCa().getFingerprint()).isEqualTo(root.fingerprint());
    Thread.sleep(500);
    assertThat(harness.identity("shop", "web").getStatus().getSerialNumber()).isEqualTo(serial);
    assertThat(harness.trustDomain("example").getStatus().getNextCa()).isNull();
  }

  @Test
  void aDeletedCaSecretIsLoudAndTheOldRootStaysTrustedUntilEverySvidIsReissued() throws Exception {
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, rotation -> {}));
    createIdentities();
    String oldCa = awaitPhase("Stable").getStatus().getCa().getFingerprint();
    awaitBundleFingerprints();
    watcher = new TrustInvariant(harness, IDENTITIES, "example");

    harness
        .client()
        .secrets()
        .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
        .withName("vsid-ca-example")
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> issuersOfSvids().size() == 1 && !issuersOfSvids().contains(oldCa));
    TrustDomain td = awaitPhase("Stable");
    assertThat(td.getStatus().getCa().getFingerprint()).isNotEqualTo(oldCa);
    assertThat(td.getStatus().getRotation().getReason()).isEqualTo("CaSecretDeleted");
    assertThat(
            dev.vsid.operator.status.Conditions.find(td.getStatus().getConditions(), "CaSecretLost")
                .get()
                .getReason())
        .isEqualTo("Recovered");
    assertThat(
            harness.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "CaSecretDeleted".equals(e.getReason()))
                .toList())
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    watcher.close();
    // SVIDs issued under the lost CA kept verifying until they were replaced.
    assertThat(watcher.violations()).isEmpty();
    assertInvariant("after the lost CA Secret", 1);
  }

  @Test
  void aRotationWaitsForAnSvidSecretThatIsNotKeptThenGoesOnWithoutItLoudly() throws Exception {
    harness.createTrustDomain("example", spec -> rotatingSpec(spec, rotation -> {}));
    createIdentities();
    awaitPhase("Stable");
    var broken = harness.identity("shop", "web");
    broken.getSpec().setTtl("not-a-duration");
    harness.client().resource(broken).update();
    harness.awaitIdentity("shop", "web", "False", "InvalidTtl");

    harness.clock().advance(Duration.ofMinutes(61));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var rotation = harness.trustDomain("example").getStatus().getRotation();
              return "Publishing".equals(rotation.getPhase())
                  && rotation.getWaitingFor() != null
                  && rotation.getWaitingFor().contains("shop/web");
            });
    Thread.sleep(1000);
    assertThat(harness.trustDomain("example").getStatus().getRotation().getPhase())
        .isEqualTo("Publishing");

    harness.clock().advance(Duration.ofMinutes(61));
    awaitPhase("Propagating");
    assertThat(eventReasons()).contains("CaRotationLaggards");
  }

  private void awaitBundleFingerprints() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus().getBundle() != null
                  && td.getStatus().getBundle().getRootFingerprints() != null;
            });
  }

  private void providedSecret(String name, Map<String, String> data) {
    harness
        .client()
        .secrets()
        .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(data)
                .build())
        .createOr(existing -> existing.update());
  }

  private static void providedSpec(TrustDomainSpec spec, String secretName) {
    rotatingSpec(spec, rotation -> rotation.setRenewBefore(null));
    spec.getCa().setTtl(null);
    spec.getCa().setSecretName(secretName);
  }

  // --- set-up

  private static void rotatingSpec(TrustDomainSpec spec, Consumer<CaRotationSpec> edit) {
    spec.setTrustDomain("example.org");
    CaSpec ca = new CaSpec();
    ca.setTtl("720h");
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setPropagationDelay("1m");
    rotation.setRenewBefore("719h"); // due an hour after the CA was made
    edit.accept(rotation);
    ca.setRotation(rotation);
    spec.setCa(ca);
    SvidDefaults svid = new SvidDefaults();
    svid.setTtl("24h");
    spec.setSvid(svid);
  }

  private void createIdentities() {
    for (String[] id : IDENTITIES) {
      harness.createIdentity(id[0], id[1], spec -> {});
    }
    for (String[] id : IDENTITIES) {
      harness.awaitIdentityReady(id[0], id[1]);
    }
  }

  private TrustDomain awaitPhase(String phase) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus() != null
                  && td.getStatus().getRotation() != null
                  && phase.equals(td.getStatus().getRotation().getPhase());
            });
    return harness.trustDomain("example");
  }

  // --- the invariant

  private Map<String, String> serials() {
    Map<String, String> serials = new java.util.TreeMap<>();
    for (String[] id : IDENTITIES) {
      serials.put(
          id[0] + "/" + id[1], harness.identity(id[0], id[1]).getStatus().getSerialNumber());
    }
    return serials;
  }

  private Set<String> issuersOfSvids() throws Exception {
    Set<String> issuers = new HashSet<>();
    TrustDomain td = harness.trustDomain("example");
    for (String[] id : IDENTITIES) {
      X509Certificate leaf =
          TrustInvariant.certificates(OperatorHarness.text(secret(id), "tls.crt")).get(0);
      X509Certificate ca = null;
      for (X509Certificate root :
          TrustInvariant.certificates(OperatorHarness.text(secret(id), "ca.crt"))) {
        try {
          leaf.verify(root.getPublicKey());
          ca = root;
        } catch (Exception e) {
          // not this one
        }
      }
      issuers.add(ca == null ? "none" : dev.vsid.operator.pki.Fingerprints.sha256(ca));
    }
    assertThat(td).isNotNull();
    return issuers;
  }

  /** Every SVID verifies against its own ca.crt and its namespace's bundle ConfigMap. */
  private void assertInvariant(String step, int roots) throws Exception {
    List<String> problems;
    try (TrustInvariant once = new TrustInvariant(harness, IDENTITIES, "example")) {
      problems = once.check();
    }
    assertThat(problems).as("invariant at step: " + step).isEmpty();
    long at = harness.clock().instant().getEpochSecond();
    for (String[] id : IDENTITIES) {
      Secret secret = secret(id);
      Path dir =
          IndependentVerifiers.mount(secret, tmp.resolve(step.replace(' ', '-') + "/" + id[1]));
      Files.writeString(dir.resolve("bundle.crt"), bundle(id[0]).getData().get("ca.crt"));
      // openssl judges at the operator's (moved) clock.
      for (String anchors : List.of("ca.crt", "bundle.crt")) {
        String out =
            IndependentVerifiers.run(
                dir,
                "openssl",
                "verify",
                "-attime",
                Long.toString(at),
                "-x509_strict",
                "-CAfile",
                anchors,
                "-untrusted",
                "tls.crt",
                "tls.crt");
        assertThat(out)
            .as("openssl verify against %s at step %s", anchors, step)
            .contains("tls.crt: OK");
      }
      assertThat(TrustInvariant.certificates(bundle(id[0]).getData().get("ca.crt"))).hasSize(roots);
    }
  }

  private Secret secret(String[] id) {
    return harness.secret(id[0], id[1]);
  }

  private ConfigMap bundle(String namespace) {
    return harness
        .client()
        .configMaps()
        .inNamespace(namespace)
        .withName("vsid-bundle-example")
        .get();
  }

  private List<String> eventReasons() {
    return harness.client().v1().events().inNamespace("default").list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }
}
