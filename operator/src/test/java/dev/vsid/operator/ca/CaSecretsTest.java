package dev.vsid.operator.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vsid.operator.ca.CaState.Phase;
import dev.vsid.operator.ca.CaState.Rotation;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CA Secret through every step of a rotation, read back after each write, and the CA Secrets
 * that {@code read} refuses. Keys are compared by whether they match a certificate, never as text.
 */
class CaSecretsTest {
  private static final String NAMESPACE = "vsid-system";
  private static final String TD = "example";
  private static final TrustDomainName DOMAIN = new TrustDomainName("example.org");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant STARTED = T0.plus(Duration.ofDays(20));
  private static final Instant PUBLISHED = STARTED.plusSeconds(90);
  private static final Instant SWITCHED = PUBLISHED.plus(Duration.ofMinutes(15));

  private static final CertificateAuthority A = root(T0);
  private static final CertificateAuthority B = root(STARTED);
  private static final CertificateAuthority C = root(STARTED.plus(Duration.ofDays(1)));
  private static final CertificateAuthority D = root(STARTED.plus(Duration.ofDays(2)));

  @Test
  void aNewCaSecretHoldsOneStableCaWithItsKey() throws Exception {
    Secret built = CaSecrets.build(NAMESPACE, TD, A);
    CaState state = read(built);

    assertThat(built.getMetadata().getName()).isEqualTo(CaSecrets.nameFor(TD));
    assertThat(built.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(built.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(built.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .containsEntry(Labels.COMPONENT, Labels.CA);
    assertThat(built.getMetadata().getAnnotations())
        .containsEntry(Labels.TRUST_DOMAIN_REF, TD)
        .containsEntry(Labels.TRUST_DOMAIN_ANNOTATION, "example.org");
    assertThat(built.getData()).containsOnlyKeys(CaSecrets.CERT, CaSecrets.KEY, CaSecrets.ROOTS);
    assertThat(state.phase()).isEqualTo(Phase.STABLE);
    assertThat(state.active().fingerprint()).isEqualTo(A.fingerprint());
    assertKeyOf(state.active(), A);
    assertThat(fingerprints(state.active().roots())).containsExactly(A.fingerprint());
    assertThat(state.next()).isEmpty();
    assertThat(state.retiring()).isEmpty();
    assertThat(state.rotation()).isEqualTo(Rotation.NONE);
  }

  @Test
  void aScheduledRotationReadsBackAtEveryStep() throws Exception {
    Secret built = CaSecrets.build(NAMESPACE, TD, A);

    Secret started = CaSecrets.withNext(built, B, "Scheduled", STARTED, null, false);
    CaState publishing = read(started);
    assertThat(publishing.phase()).isEqualTo(Phase.PUBLISHING);
    assertThat(publishing.active().fingerprint()).isEqualTo(A.fingerprint());
    assertKeyOf(publishing.active(), A);
    assertThat(publishing.next().orElseThrow().fingerprint()).isEqualTo(B.fingerprint());
    assertKeyOf(publishing.next().orElseThrow(), B);
    assertThat(publishing.retiring()).isEmpty();
    assertThat(publishing.rotation())
        .isEqualTo(new Rotation("Scheduled", STARTED, null, null, null, false));
    assertThat(fingerprints(publishing.trustedRoots(STARTED)))
        .containsExactly(A.fingerprint(), B.fingerprint());

    Secret published = CaSecrets.published(started, PUBLISHED);
    CaState propagating = read(published);
    assertThat(propagating.phase()).isEqualTo(Phase.PROPAGATING);
    assertThat(propagating.active().fingerprint()).isEqualTo(A.fingerprint());
    assertThat(propagating.next().orElseThrow().fingerprint()).isEqualTo(B.fingerprint());
    assertThat(propagating.rotation())
        .isEqualTo(new Rotation("Scheduled", STARTED, PUBLISHED, null, null, false));

    Secret switched = CaSecrets.switched(published, propagating, SWITCHED);
    CaState retiring = read(switched);
    assertThat(retiring.phase()).isEqualTo(Phase.RETIRING);
    assertThat(retiring.active().fingerprint()).isEqualTo(B.fingerprint());
    assertKeyOf(retiring.active(), B);
    assertThat(retiring.next()).isEmpty();
    assertThat(fingerprints(retiring.retiring())).containsExactly(A.fingerprint());
    assertThat(retiring.rotation())
        .isEqualTo(new Rotation("Scheduled", STARTED, PUBLISHED, SWITCHED, null, false));
    assertThat(switched.getData())
        .containsOnlyKeys(CaSecrets.CERT, CaSecrets.KEY, CaSecrets.ROOTS, CaSecrets.RETIRING_ROOTS);
    assertThat(fingerprints(retiring.trustedRoots(SWITCHED)))
        .containsExactly(B.fingerprint(), A.fingerprint());

    Secret retired = CaSecrets.retired(switched, List.of());
    CaState stable = read(retired);
    assertThat(stable.phase()).isEqualTo(Phase.STABLE);
    assertThat(stable.active().fingerprint()).isEqualTo(B.fingerprint());
    assertThat(stable.retiring()).isEmpty();
    assertThat(retired.getData()).doesNotContainKey(CaSecrets.RETIRING_ROOTS);
    assertThat(stable.rotation())
        .as("the last rotation stays on record")
        .isEqualTo(retiring.rotation());
  }

  @Test
  void eachStepLeavesTheSecretItWasGivenUnchanged() throws Exception {
    Secret built = CaSecrets.build(NAMESPACE, TD, A);
    Secret builtCopy = new SecretBuilder(built).build();
    Secret started = CaSecrets.withNext(built, B, "Requested", STARTED, "r1", false);
    Secret startedCopy = new SecretBuilder(started).build();
    Secret published = CaSecrets.published(started, PUBLISHED);
    Secret publishedCopy = new SecretBuilder(published).build();

    Secret switched = CaSecrets.switched(published, read(published), SWITCHED);
    CaSecrets.retired(switched, List.of());

    assertThat(built).isEqualTo(builtCopy);
    assertThat(started).isEqualTo(startedCopy);
    assertThat(published).isEqualTo(publishedCopy);
    assertThat(read(built).phase()).isEqualTo(Phase.STABLE);
  }

  @Test
  void aSecondRotationKeepsTheOlderRetiringRootsAndAddsThePreviousActiveOne() throws Exception {
    Secret afterFirst = rotate(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", null, false);
    Instant later = SWITCHED.plus(Duration.ofHours(1));

    Secret started = CaSecrets.withNext(afterFirst, C, "Requested", later, "r1", false);
    CaState publishing = read(started);
    assertThat(publishing.phase()).isEqualTo(Phase.PUBLISHING);
    assertThat(fingerprints(publishing.retiring())).containsExactly(A.fingerprint());
    assertThat(publishing.rotation())
        .as("a new rotation clears the times of the previous one")
        .isEqualTo(new Rotation("Requested", later, null, null, "r1", false));
    assertThat(fingerprints(publishing.trustedRoots(later)))
        .containsExactly(B.fingerprint(), C.fingerprint(), A.fingerprint());

    Secret published = CaSecrets.published(started, later.plusSeconds(10));
    CaState switched = read(CaSecrets.switched(published, read(published), later.plusSeconds(20)));
    assertThat(switched.active().fingerprint()).isEqualTo(C.fingerprint());
    assertThat(fingerprints(switched.retiring())).containsExactly(A.fingerprint(), B.fingerprint());
  }

  @Test
  void aScheduledRotationAfterARequestedOneRemembersTheHandledRequest() throws Exception {
    Secret afterRequest = rotate(CaSecrets.build(NAMESPACE, TD, A), B, "Requested", "r1", false);

    CaState state =
        read(
            CaSecrets.withNext(
                afterRequest, C, "Scheduled", SWITCHED.plusSeconds(60), null, false));

    assertThat(state.rotation().reason()).isEqualTo("Scheduled");
    assertThat(state.rotation().handledRequest()).isEqualTo("r1");
  }

  @Test
  void switchingWithDropOldRootTrustsOnlyTheNewCaAndRemovesTheNextKeys() throws Exception {
    Secret retiringA = rotate(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", null, false);
    assertThat(read(retiringA).retiring()).hasSize(1);
    Instant later = SWITCHED.plus(Duration.ofHours(1));

    Secret started = CaSecrets.withNext(retiringA, C, "Requested", later, "compromised", true);
    assertThat(read(started).rotation().dropOldRoot()).isTrue();
    Secret published = CaSecrets.published(started, later.plusSeconds(10));
    Secret switched = CaSecrets.switched(published, read(published), later.plusSeconds(20));
    CaState state = read(switched);

    assertThat(switched.getData()).containsOnlyKeys(CaSecrets.CERT, CaSecrets.KEY, CaSecrets.ROOTS);
    assertThat(state.phase()).isEqualTo(Phase.STABLE);
    assertThat(state.active().fingerprint()).isEqualTo(C.fingerprint());
    assertKeyOf(state.active(), C);
    assertThat(state.next()).isEmpty();
    assertThat(state.retiring()).isEmpty();
    assertThat(fingerprints(state.trustedRoots(later))).containsExactly(C.fingerprint());
    assertThat(state.rotation())
        .isEqualTo(
            new Rotation(
                "Requested",
                later,
                later.plusSeconds(10),
                later.plusSeconds(20),
                "compromised",
                true));
  }

  @Test
  void retiredKeepsOnlyTheRootsItIsGiven() throws Exception {
    Secret first = rotate(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", null, false);
    Secret second = rotate(first, C, "Scheduled", null, false);
    assertThat(fingerprints(read(second).retiring()))
        .containsExactly(A.fingerprint(), B.fingerprint());

    CaState state = read(CaSecrets.retired(second, List.of(B.certificate())));

    assertThat(state.phase()).isEqualTo(Phase.RETIRING);
    assertThat(fingerprints(state.retiring())).containsExactly(B.fingerprint());
  }

  @Test
  void aRecoveredCaSecretRecordsTheLossAndKeepsTheLostRootsTrusted() throws Exception {
    Secret recovered =
        CaSecrets.buildRecovered(
            NAMESPACE, TD, C, List.of(A.certificate(), B.certificate()), SWITCHED);
    CaState state = read(recovered);

    assertThat(recovered.getMetadata().getName()).isEqualTo(CaSecrets.nameFor(TD));
    assertThat(recovered.getMetadata().getAnnotations()).containsEntry(Labels.TRUST_DOMAIN_REF, TD);
    assertThat(state.phase()).isEqualTo(Phase.RETIRING);
    assertThat(state.active().fingerprint()).isEqualTo(C.fingerprint());
    assertKeyOf(state.active(), C);
    assertThat(fingerprints(state.retiring())).containsExactly(A.fingerprint(), B.fingerprint());
    assertThat(state.rotation())
        .isEqualTo(new Rotation(CaState.CA_SECRET_DELETED, SWITCHED, null, SWITCHED, null, false));
  }

  @Test
  void aRecoveredCaSecretWithNothingToKeepIsStableButStillRecordsTheLoss() throws Exception {
    Secret recovered = CaSecrets.buildRecovered(NAMESPACE, TD, C, List.of(), SWITCHED);
    CaState state = read(recovered);

    assertThat(recovered.getData()).doesNotContainKey(CaSecrets.RETIRING_ROOTS);
    assertThat(state.phase()).isEqualTo(Phase.STABLE);
    assertThat(state.rotation().reason()).isEqualTo(CaState.CA_SECRET_DELETED);
  }

  // --- refusals ---

  @Test
  void aSecretWithoutTheTrustDomainRefIsRefused() {
    Secret built = CaSecrets.build(NAMESPACE, TD, A);

    assertRefused(
        withAnnotation(built, Labels.TRUST_DOMAIN_REF, null),
        DOMAIN,
        Labels.TRUST_DOMAIN_REF,
        "move that Secret out of the way");
    assertRefused(
        new SecretBuilder(built).editMetadata().withAnnotations(null).endMetadata().build(),
        DOMAIN,
        Labels.TRUST_DOMAIN_REF);
    assertRefused(
        withAnnotation(built, Labels.TRUST_DOMAIN_REF, "other"),
        DOMAIN,
        "TrustDomain " + TD,
        Labels.TRUST_DOMAIN_REF);
  }

  @Test
  void aSecretMadeForAnotherTrustDomainIsRefused() {
    Secret built = CaSecrets.build(NAMESPACE, TD, A);

    assertRefused(
        built,
        new TrustDomainName("other.org"),
        "\"example.org\"",
        "\"other.org\"",
        "restore spec.trustDomain or create a new TrustDomain");
  }

  @Test
  void aCaOfAnotherTrustDomainIsRefusedEvenWithoutTheRecordedName() {
    Secret unrecorded =
        withAnnotation(CaSecrets.build(NAMESPACE, TD, A), Labels.TRUST_DOMAIN_ANNOTATION, null);

    assertRefused(
        unrecorded,
        new TrustDomainName("other.org"),
        "not a CA of trust domain other.org",
        "restore it from a backup");
  }

  @Test
  void aMissingActiveKeyIsRefused() {
    Secret noKey = withData(CaSecrets.build(NAMESPACE, TD, A), CaSecrets.KEY, null);

    assertRefused(noKey, DOMAIN, "key tls.key is missing", "restore it from a backup");
  }

  @Test
  void aNextCertificateWithoutItsKeyIsRefused() {
    Secret onlyNextCert =
        withData(
            CaSecrets.build(NAMESPACE, TD, A),
            CaSecrets.NEXT_CERT,
            base64(Pem.encodeCertificates(B.chain())));

    assertRefused(
        onlyNextCert, DOMAIN, "next CA", "next.key is missing", "remove those three keys");
  }

  @Test
  void aNextCaWithoutItsRootsIsRefused() {
    Secret started =
        CaSecrets.withNext(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", STARTED, null, false);

    assertRefused(
        withData(started, CaSecrets.NEXT_ROOTS, null), DOMAIN, "next CA", "next-ca.crt is missing");
  }

  @Test
  void aNextKeyOnItsOwnIsRefused() {
    Secret started =
        CaSecrets.withNext(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", STARTED, null, false);
    Secret onlyNextKey =
        withData(withData(started, CaSecrets.NEXT_CERT, null), CaSecrets.NEXT_ROOTS, null);

    assertRefused(onlyNextKey, DOMAIN, "next CA", "next.crt is missing");
  }

  @Test
  void aNextKeyThatDoesNotMatchTheNextCertificateIsRefused() {
    Secret started =
        CaSecrets.withNext(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", STARTED, null, false);
    Secret mismatched =
        withData(started, CaSecrets.NEXT_KEY, base64(Pem.encodePrivateKey(C.privateKey())));

    assertRefused(mismatched, DOMAIN, "next CA", "does not belong", "active CA is fine");
  }

  @Test
  void garbageInTheRetiringRootsIsRefused() {
    Secret built = CaSecrets.build(NAMESPACE, TD, A);
    String brokenBlock = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

    assertRefused(
        withData(built, CaSecrets.RETIRING_ROOTS, base64("not a certificate")),
        DOMAIN,
        "retiring-ca.crt",
        "restore that key from a backup or remove it");
    assertRefused(
        withData(built, CaSecrets.RETIRING_ROOTS, base64(brokenBlock)), DOMAIN, "retiring-ca.crt");
    assertRefused(
        withData(built, CaSecrets.RETIRING_ROOTS, "%%% not base64 %%%"),
        DOMAIN,
        "retiring-ca.crt",
        "not valid base64");
  }

  @Test
  void aKeyStoredAsRetiringRootsIsRefusedWithoutEchoingIt() {
    Secret keyAsRoots =
        withData(
            CaSecrets.build(NAMESPACE, TD, A),
            CaSecrets.RETIRING_ROOTS,
            base64(Pem.encodePrivateKey(B.privateKey())));

    BadInputException refused =
        catchThrowableOfType(BadInputException.class, () -> read(keyAsRoots));

    assertThat(refused).isNotNull();
    assertThat(refused.reason()).isEqualTo(Reasons.CA_SECRET_INVALID);
    // The PEM label found may be named; the key itself never is.
    assertNoKeyMaterial(refused.getMessage());
    assertThat(refused.getMessage()).contains("retiring-ca.crt", "no PEM certificate");
  }

  @ParameterizedTest
  @CsvSource({
    "vsid.dev/rotation-started-at, yesterday",
    "vsid.dev/rotation-started-at, 1767225600",
    "vsid.dev/rotation-published-at, 2026-02-30T00:00:00Z",
    "vsid.dev/rotation-switched-at, 2026-01-01",
  })
  void aRotationTimeThatIsNotRfc3339IsRefused(String annotation, String value) {
    Secret started =
        CaSecrets.withNext(CaSecrets.build(NAMESPACE, TD, A), B, "Scheduled", STARTED, null, false);

    assertRefused(
        withAnnotation(started, annotation, value),
        DOMAIN,
        "not an RFC 3339 time",
        "remove the vsid.dev/rotation-* annotations");
  }

  // --- helpers ---

  /** Runs one whole rotation of {@code secret} to {@code next}, up to the switch. */
  private static Secret rotate(
      Secret secret, CertificateAuthority next, String reason, String request, boolean drop)
      throws BadInputException {
    Secret started = CaSecrets.withNext(secret, next, reason, STARTED, request, drop);
    Secret published = CaSecrets.published(started, PUBLISHED);
    return CaSecrets.switched(published, read(published), SWITCHED);
  }

  private static CaState read(Secret secret) throws BadInputException {
    return CaSecrets.read(secret, TD, DOMAIN);
  }

  private static void assertRefused(Secret secret, TrustDomainName expected, String... phrases) {
    BadInputException refused =
        catchThrowableOfType(BadInputException.class, () -> CaSecrets.read(secret, TD, expected));

    assertThat(refused).as("read refuses the Secret").isNotNull();
    assertThat(refused.reason()).isEqualTo(Reasons.CA_SECRET_INVALID);
    String message = refused.getMessage();
    assertNoKeyText(message);
    assertThat(message).startsWith("CA Secret " + NAMESPACE + "/" + CaSecrets.nameFor(TD) + " ");
    assertThat(message).contains(phrases);
  }

  /** Checked as booleans so that a failure cannot print what it found. */
  private static void assertNoKeyText(String message) {
    assertThat(message.contains("PRIVATE KEY")).as("the message holds a PEM key label").isFalse();
    assertNoKeyMaterial(message);
  }

  private static void assertNoKeyMaterial(String message) {
    assertThat(message.contains("-----BEGIN")).as("the message holds a PEM block").isFalse();
    for (CertificateAuthority ca : List.of(A, B, C, D)) {
      for (String form : keyForms(ca.privateKey())) {
        assertThat(message.contains(form)).as("the message holds key text of %s", ca).isFalse();
      }
    }
  }

  /** Forms in which a key could appear in text: its DER in base64, a PEM body line, stored. */
  private static List<String> keyForms(PrivateKey key) {
    String pem = Pem.encodePrivateKey(key);
    List<String> forms = new ArrayList<>();
    forms.add(Base64.getEncoder().encodeToString(key.getEncoded()));
    pem.lines().filter(line -> !line.startsWith("-----")).forEach(forms::add);
    String stored = base64(pem);
    forms.add(stored.substring(40, stored.length() - 40));
    return forms;
  }

  private static void assertKeyOf(CertificateAuthority read, CertificateAuthority expected) {
    assertThat(X509SvidChecker.keyMatches(expected.certificate(), read.privateKey()))
        .as("the key read back belongs to %s", expected)
        .isTrue();
  }

  private static List<String> fingerprints(List<X509Certificate> certificates) {
    return certificates.stream().map(Fingerprints::sha256).toList();
  }

  private static Secret withData(Secret secret, String key, String value) {
    Map<String, String> data = new HashMap<>(secret.getData());
    if (value == null) {
      data.remove(key);
    } else {
      data.put(key, value);
    }
    return new SecretBuilder(secret).withData(data).build();
  }

  private static Secret withAnnotation(Secret secret, String key, String value) {
    Map<String, String> annotations = new HashMap<>(secret.getMetadata().getAnnotations());
    if (value == null) {
      annotations.remove(key);
    } else {
      annotations.put(key, value);
    }
    return new SecretBuilder(secret)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static CertificateAuthority root(Instant madeAt) {
    return CertificateAuthority.generateRoot(
        DOMAIN, KeyType.EC_P256, Duration.ofDays(60), Clock.fixed(madeAt, ZoneOffset.UTC));
  }
}
