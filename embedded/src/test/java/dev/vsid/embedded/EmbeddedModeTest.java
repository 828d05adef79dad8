package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole embedded mode once, in-process, on the repository's own examples. */
class EmbeddedModeTest {
  private static final Path EXAMPLES = moduleDir().resolve("../examples").normalize();
  private static final String FRONTEND_ID = "spiffe://example.org/ns/shop/sa/frontend";
  private static final String PAYMENTS_ID = "spiffe://example.org/ns/payments/sa/payments-api";
  private static final List<String> BUNDLE_KEYS =
      List.of(
          "all-roots.crt",
          "bundle.json",
          "ca.crt",
          "federated.partner.example.crt",
          "federated.partner.example.json");
  private static final String LEDGER_ID = "spiffe://partner.example/ns/ledger/sa/ledger";
  private static final String BUNDLE_FOLDER = "configmap-vsid-bundle-example-org";

  @TempDir static Path out;
  private static EmbeddedResult result;

  @BeforeAll
  static void runTheEmbeddedModeOnTheExamples() {
    result = EmbeddedMode.runOnce(EXAMPLES, out, line -> {});
  }

  @Test
  void theRunSucceedsWithNothingToReport() {
    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.apiUrl()).startsWith("http://127.0.0.1:");
  }

  @Test
  void everyObjectOfTheExamplesIsApplied() {
    assertThat(result.applied())
        .extracting(ExampleLoader.Applied::toString)
        .containsExactly(
            "Namespace shop",
            "Namespace payments",
            "TrustDomain example-org",
            "ServiceAccount shop/frontend",
            "WorkloadIdentity shop/frontend",
            "Deployment shop/frontend",
            "ServiceAccount payments/payments-api",
            "WorkloadIdentity payments/payments-api",
            "Deployment payments/payments-api",
            "FederatedTrustDomain partner.example");
  }

  @Test
  void bothIdentitiesAreReadyAndVerifiedByEveryCheck() {
    assertThat(result.identities())
        .extracting(i -> i.state().spiffeId())
        .containsExactly(PAYMENTS_ID, FRONTEND_ID);
    assertThat(result.identities())
        .allSatisfy(
            identity -> {
              assertThat(identity.state().ready()).isTrue();
              assertThat(identity.verified()).as(identity.describe()).isTrue();
              assertThat(identity.verdict().passed())
                  .contains(
                      Verdict.CHAIN,
                      Verdict.CONFIGMAP_CHAIN,
                      Verdict.SPIFFE_ID,
                      Verdict.KEY,
                      Verdict.VALIDITY);
            });
  }

  @Test
  void opensslAcceptsEveryIdentityWhenItIsInstalled() {
    Optional<OpensslVerifier> openssl = OpensslVerifier.find();
    assertThat(result.identities())
        .allSatisfy(
            identity ->
                assertThat(identity.verdict().passed().contains(Verdict.OPENSSL))
                    .isEqualTo(openssl.isPresent()));
  }

  @Test
  void eachSecretIsWrittenAsTheFilesAPodWouldSee() throws IOException {
    for (String dir : new String[] {"shop/frontend", "payments/payments-api"}) {
      Path files = out.resolve(dir);
      assertThat(files.resolve("tls.crt")).content().startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(files.resolve("ca.crt")).content().startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(files.resolve("tls.key")).content().startsWith("-----BEGIN PRIVATE KEY-----");
    }
    // Written once the federation is set up: the files a pod sees from then on.
    for (String dir : new String[] {"shop/frontend", "payments/payments-api"}) {
      assertThat(fileNames(out.resolve(dir)))
          .containsExactlyInAnyOrder(
              "tls.crt", "tls.key", "ca.crt", "federated.partner.example.crt", "all-roots.crt");
    }
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (var listing = Files.list(dir)) {
      return listing.map(f -> f.getFileName().toString()).toList();
    }
  }

  @Test
  void thePartnerClusterFederatesThroughTheBundleEndpointsAndEverythingChecksOut() {
    FederationResult federation = result.federation();

    assertThat(federation.ran()).isTrue();
    assertThat(federation.allProblems()).isEmpty();
    assertThat(federation.partnerApiUrl()).startsWith("http://127.0.0.1:");
    assertThat(String.join("\n", federation.describe()))
        .contains("copied the first bundle of partner.example")
        .contains("later bundles come from https://127.0.0.1:8444/")
        .contains("example.org trusts partner.example")
        .contains("partner.example trusts example.org");
  }

  @Test
  void workloadsOfTheTwoTrustDomainsAuthenticateEachOtherAcrossTheFederation() {
    HandshakeResult cross = result.federation().crossDomain();

    assertThat(cross.client()).isEqualTo("shop/frontend");
    assertThat(cross.server()).isEqualTo("partner:ledger/ledger");
    assertThat(cross.protocol()).isEqualTo("TLSv1.3");
    assertThat(cross.ok()).as(cross.describe()).isTrue();
  }

  @Test
  void aWorkloadOfATrustDomainThatIsNotFederatedIsRefused() {
    HandshakeResult stranger = result.federation().stranger();

    assertThat(stranger.client()).isEqualTo("partner:ledger/auditor");
    assertThat(stranger.server()).isEqualTo("shop/frontend");
    assertThat(result.federation().strangerRefused()).as(stranger.describe()).isTrue();
    assertThat(stranger.failure())
        .startsWith("server could not verify the client's certificate against");
  }

  @Test
  void eachSideHoldsTheOthersRootUnderItsOwnKey() {
    assertThat(out.resolve("shop/frontend/federated.partner.example.crt"))
        .hasSameTextualContentAs(out.resolve("partner/ledger/ledger/ca.crt"));
    assertThat(out.resolve("partner/ledger/ledger/federated.example.org.crt"))
        .hasSameTextualContentAs(out.resolve("shop/frontend/ca.crt"));
  }

  @Test
  void aPeerWhoseChainLeadsToAnotherTrustDomainsRootIsRefused() {
    Path frontend = out.resolve("shop/frontend");
    Path ledger = out.resolve("partner/ledger/ledger");
    // The frontend checks the ledger against example.org's roots instead of partner.example's.
    MutualTlsProof.Party client =
        new MutualTlsProof.Party(
            "shop/frontend",
            new SvidFiles.FileSet(frontend),
            frontend.resolve("all-roots.crt"),
            FRONTEND_ID,
            frontend.resolve("ca.crt"));
    MutualTlsProof.Party server =
        new MutualTlsProof.Party(
            "partner:ledger/ledger",
            new SvidFiles.FileSet(ledger),
            ledger.resolve("all-roots.crt"),
            LEDGER_ID,
            ledger.resolve("federated.example.org.crt"));

    HandshakeResult handshake = MutualTlsProof.run(client, server);

    assertThat(handshake.ok()).isFalse();
    assertThat(handshake.clientAcceptedServer()).isFalse();
    assertThat(handshake.failure())
        .startsWith("client refused the server: peer's chain does not lead to a root of its")
        .contains("ca.crt");
  }

  @Test
  void eachNamespaceWithAnIdentityHasTheBundleConfigMapWrittenAsFiles() throws IOException {
    for (String namespace : new String[] {"shop", "payments"}) {
      Path files = out.resolve(namespace).resolve(BUNDLE_FOLDER);
      assertThat(files.resolve("ca.crt")).content().startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(files.resolve("bundle.json"))
          .content()
          .startsWith("{\"keys\":[{\"use\":\"x509-svid\"")
          .contains("\"spiffe_sequence\":1");
      assertThat(fileNames(files)).containsExactlyInAnyOrder(BUNDLE_KEYS.toArray(String[]::new));
    }
  }

  @Test
  void eachBundleConfigMapIsReportedWithItsSequenceRootsAndKeysAndAgreesWithItself() {
    assertThat(result.bundles())
        .extracting(BundleReport::id)
        .containsExactly("payments/vsid-bundle-example-org", "shop/vsid-bundle-example-org");
    assertThat(result.bundles())
        .allSatisfy(
            bundle -> {
              assertThat(bundle.ok()).as(bundle.describe()).isTrue();
              assertThat(bundle.trustDomainRef()).isEqualTo("example-org");
              assertThat(bundle.sequence()).isEqualTo(1L);
              assertThat(bundle.roots()).isEqualTo(1);
              assertThat(bundle.keys()).containsExactlyElementsOf(BUNDLE_KEYS);
            });
    assertThat(Summary.row(result.bundles().get(1)))
        .containsExactly(
            "shop/vsid-bundle-example-org",
            "1",
            "1",
            String.join(",", BUNDLE_KEYS),
            "OK (ca.crt and bundle.json hold the same 1 root)");
  }

  @Test
  void theConfigMapPublishesTheRootTheSecretsCarry() {
    assertThat(out.resolve("shop").resolve(BUNDLE_FOLDER).resolve("ca.crt"))
        .hasSameTextualContentAs(out.resolve("shop/frontend/ca.crt"));
  }

  @Test
  void privateKeysAreReadableByTheirOwnerOnly() throws IOException {
    Path key = out.resolve("shop/frontend/tls.key");
    if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void theFrontendAndThePaymentsApiAuthenticateEachOtherOverMutualTls() {
    HandshakeResult handshake = result.handshake();

    assertThat(handshake.client()).isEqualTo("shop/frontend");
    assertThat(handshake.server()).isEqualTo("payments/payments-api");
    assertThat(handshake.serverAcceptedClient()).isTrue();
    assertThat(handshake.clientAcceptedServer()).isTrue();
    assertThat(handshake.dataExchanged()).isTrue();
    assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
    assertThat(handshake.ok()).as(handshake.describe()).isTrue();
  }

  @Test
  void eachSideOfTheProofTrustsTheBundleConfigMapOfItsOwnNamespace() {
    HandshakeResult handshake = result.handshake();

    assertThat(handshake.clientTrustAnchors())
        .isEqualTo(out.resolve("shop").resolve(BUNDLE_FOLDER).resolve("ca.crt"));
    assertThat(handshake.serverTrustAnchors())
        .isEqualTo(out.resolve("payments").resolve(BUNDLE_FOLDER).resolve("ca.crt"));
  }

  @Test
  void theProofDoesNotReadTheSecretsCaCrt(@TempDir Path copies) throws IOException {
    MutualTlsProof.Party frontend = withForeignSecretCaCrt(frontend(), copies.resolve("frontend"));
    MutualTlsProof.Party payments = withForeignSecretCaCrt(payments(), copies.resolve("payments"));

    HandshakeResult handshake = MutualTlsProof.run(frontend, payments);

    assertThat(handshake.ok()).as(handshake.describe()).isTrue();
  }

  @Test
  void aClientWhoseConfigMapBundleIsFromAnotherCaRefusesTheServer(@TempDir Path dir)
      throws IOException {
    Path foreign = ForeignCa.writeRoot(dir.resolve("ca.crt"), "example.org");
    MutualTlsProof.Party frontend = trusting(frontend(), foreign);

    HandshakeResult handshake = MutualTlsProof.run(frontend, payments());

    assertThat(handshake.ok()).isFalse();
    assertThat(handshake.clientAcceptedServer()).isFalse();
    assertThat(handshake.dataExchanged()).isFalse();
    assertThat(handshake.failure())
        .startsWith("client could not verify the server's certificate against " + foreign);
  }

  @Test
  void aServerWhoseConfigMapBundleIsFromAnotherCaRefusesTheClient(@TempDir Path dir)
      throws IOException {
    Path foreign = ForeignCa.writeRoot(dir.resolve("ca.crt"), "example.org");
    MutualTlsProof.Party payments = trusting(payments(), foreign);

    HandshakeResult handshake = MutualTlsProof.run(frontend(), payments);

    assertThat(handshake.ok()).isFalse();
    assertThat(handshake.serverAcceptedClient()).isFalse();
    assertThat(handshake.dataExchanged()).isFalse();
    assertThat(handshake.failure())
        .startsWith("server could not verify the client's certificate against " + foreign);
  }

  @Test
  void aSideWithoutABundleConfigMapCannotTakePart() {
    HandshakeResult handshake = MutualTlsProof.run(trusting(frontend(), null), payments());

    assertThat(handshake.ok()).isFalse();
    assertThat(handshake.failure())
        .isEqualTo("shop/frontend has no bundle ConfigMap to take trust anchors from");
  }

  @Test
  void aServerRefusesAClientWhoseSpiffeIdItDoesNotExpect() {
    HandshakeResult refused =
        MutualTlsProof.run(
            frontend(), payments(), "spiffe://example.org/ns/shop/sa/checkout", PAYMENTS_ID);

    assertThat(refused.ok()).isFalse();
    assertThat(refused.serverAcceptedClient()).isFalse();
    assertThat(refused.dataExchanged()).isFalse();
    assertThat(refused.failure())
        .isEqualTo(
            "server refused the client: peer is "
                + FRONTEND_ID
                + ", not the expected spiffe://example.org/ns/shop/sa/checkout");
  }

  @Test
  void aClientRefusesAServerWhoseSpiffeIdItDoesNotExpect() {
    HandshakeResult refused =
        MutualTlsProof.run(
            frontend(), payments(), FRONTEND_ID, "spiffe://example.org/ns/payments/sa/ledger");

    assertThat(refused.ok()).isFalse();
    assertThat(refused.clientAcceptedServer()).isFalse();
    assertThat(refused.dataExchanged()).isFalse();
    assertThat(refused.failure()).contains("client refused the server: peer is " + PAYMENTS_ID);
  }

  @Test
  void verificationFailsWhenTheKeyIsNotTheCertificatesKey(@TempDir Path mixed) throws IOException {
    Path frontend = out.resolve("shop/frontend");
    Files.copy(frontend.resolve("tls.crt"), mixed.resolve("tls.crt"));
    Files.copy(frontend.resolve("ca.crt"), mixed.resolve("ca.crt"));
    Files.copy(out.resolve("payments/payments-api/tls.key"), mixed.resolve("tls.key"));

    Verdict verdict =
        new SvidVerification(Clock.systemUTC(), Optional.empty())
            .verify(new SvidFiles.FileSet(mixed), shopBundle(), FRONTEND_ID);

    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.passed())
        .containsExactly(Verdict.CHAIN, Verdict.CONFIGMAP_CHAIN, Verdict.SPIFFE_ID);
    assertThat(verdict.failure())
        .isEqualTo("key: tls.key is not the private key of tls.crt's" + " leaf");
  }

  @Test
  void verificationFailsAgainstAConfigMapBundleOfAnotherCa(@TempDir Path dir) throws IOException {
    ForeignCa.writeRoot(dir.resolve("ca.crt"), "example.org");
    BundleFiles.FileSet foreign = new BundleFiles.FileSet(dir, List.of("ca.crt"));

    Verdict verdict =
        new SvidVerification(Clock.systemUTC(), OpensslVerifier.find())
            .verify(new SvidFiles.FileSet(out.resolve("shop/frontend")), foreign, FRONTEND_ID);

    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.passed()).containsExactly(Verdict.CHAIN);
    assertThat(verdict.failure())
        .startsWith(
            "ConfigMap chain: PKIX validation against the bundle ConfigMap's ca.crt failed");
  }

  @Test
  void verificationFailsWhenTheNamespaceHasNoBundleConfigMap() {
    Verdict verdict =
        new SvidVerification(Clock.systemUTC(), Optional.empty())
            .verify(new SvidFiles.FileSet(out.resolve("shop/frontend")), null, FRONTEND_ID);

    assertThat(verdict.passed()).containsExactly(Verdict.CHAIN);
    assertThat(verdict.failure())
        .isEqualTo(
            "ConfigMap chain: the identity's namespace has no bundle ConfigMap to check with");
  }

  private static BundleFiles.FileSet shopBundle() {
    return new BundleFiles.FileSet(
        out.resolve("shop").resolve(BUNDLE_FOLDER), List.of("bundle.json", "ca.crt"));
  }

  /** The party with its SVID files copied, and the copy's ca.crt replaced by another CA's. */
  private static MutualTlsProof.Party withForeignSecretCaCrt(MutualTlsProof.Party party, Path copy)
      throws IOException {
    Files.createDirectories(copy);
    for (String file : new String[] {"tls.crt", "tls.key"}) {
      Files.copy(party.files().dir().resolve(file), copy.resolve(file));
    }
    ForeignCa.writeRoot(copy.resolve("ca.crt"), "example.org");
    return new MutualTlsProof.Party(
        party.name(), new SvidFiles.FileSet(copy), party.trustAnchors(), party.spiffeId());
  }

  private static MutualTlsProof.Party trusting(MutualTlsProof.Party party, Path trustAnchors) {
    return new MutualTlsProof.Party(party.name(), party.files(), trustAnchors, party.spiffeId());
  }

  private static MutualTlsProof.Party frontend() {
    return party("shop/frontend");
  }

  private static MutualTlsProof.Party payments() {
    return party("payments/payments-api");
  }

  private static MutualTlsProof.Party party(String id) {
    return result.identities().stream()
        .filter(identity -> identity.state().id().equals(id))
        .map(EmbeddedMode::party)
        .findFirst()
        .orElseThrow();
  }

  private static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
  }
}
