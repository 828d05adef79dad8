package dev.vsid.embedded;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.config.BundleEndpointSettings;
import dev.vsid.operator.config.MetricsSettings;
import dev.vsid.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator with no cluster: a local Kubernetes API, the examples applied to it, the operator
 * reconciling them, and the issued SVIDs and published bundle ConfigMaps written out, verified and
 * used.
 */
final class EmbeddedMode implements AutoCloseable {
  static final String OPERATOR_NAMESPACE = "vsid-system";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  static final Duration BUNDLE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Bundle endpoints (and the metrics and probe server, on a port the system chooses) listen on
   * loopback only: nothing outside this machine can reach them.
   */
  static final String BUNDLE_ENDPOINT_ADDRESS = "127.0.0.1";

  private final LocalApiServer api;
  private final Clock clock = Clock.systemUTC();
  private VsidOperator operator;
  private EmbeddedMode partner;
  private boolean closed;

  private EmbeddedMode(LocalApiServer api) {
    this.api = api;
  }

  /** Starts the local API with the operator's CRDs and namespace in it. */
  static EmbeddedMode start() {
    LocalApiServer api = LocalApiServer.start();
    try {
      OperatorCrds.apply(api.client());
      createNamespace(api.client(), OPERATOR_NAMESPACE);
      return new EmbeddedMode(api);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /** Starts, runs the whole flow once, and shuts everything down. */
  static EmbeddedResult runOnce(Path examples, Path out, Consumer<String> progress) {
    try (EmbeddedMode mode = start()) {
      return mode.run(examples, out, progress);
    }
  }

  /** Where this cluster's operator serves /metrics, /healthz and /readyz, once it runs. */
  Optional<String> metricsUrl() {
    return operator == null
        ? Optional.empty()
        : operator.metricsAddress().map(a -> "http://127.0.0.1:" + a.getPort());
  }

  String apiUrl() {
    return api.url();
  }

  /** The partner cluster's API URL, or null when the examples have no partner. */
  String partnerApiUrl() {
    return partner == null ? null : partner.apiUrl();
  }

  KubernetesClient client() {
    return api.client();
  }

  /**
   * Applies the examples, runs the operator, and checks what it issued. When the examples hold a
   * {@code partner/} folder, a partner cluster runs it beside this one and the two federate.
   */
  EmbeddedResult run(Path examples, Path out, Consumer<String> progress) {
    List<ExampleLoader.Held> held = new ArrayList<>();
    List<ExampleLoader.Applied> applied =
        new ArrayList<>(
            new ExampleLoader(client()).applyFolder(examples, FederationDemo::heldBack, held));
    Path partnerFolder = examples.resolve(FederationDemo.PARTNER_FOLDER);
    List<ExampleLoader.Held> partnerHeld = new ArrayList<>();
    if (Files.isDirectory(partnerFolder)) {
      partner = start();
      List<ExampleLoader.Applied> partnerApplied =
          new ExampleLoader(partner.client())
              .applyFolder(partnerFolder, FederationDemo::heldBack, partnerHeld);
      partner.startOperator();
      progress.accept(
          String.format(
              "partner cluster: applied %d objects from %s to a second local Kubernetes API at %s",
              partnerApplied.size() + partnerHeld.size(),
              Summary.folder(partnerFolder),
              partner.apiUrl()));
    }
    startOperator();
    progress.accept(
        String.format(
            "applied %d objects from %s (%d FederatedTrustDomains wait for the first bundle"
                + " exchange); waiting up to %d s for WorkloadIdentities",
            applied.size(), Summary.folder(examples), held.size(), READY_TIMEOUT.toSeconds()));
    List<IdentityState> states =
        new IdentityWaiter(client()).awaitAllReady(READY_TIMEOUT, progress);
    progress.accept(readiness(states));
    // The federation is set up before any file is written, so the files are the final ones.
    FederationDemo federationDemo = partner == null ? null : new FederationDemo(this, partner, out);
    if (federationDemo != null) {
      federationDemo.connect(held, partnerHeld, applied, progress);
    }

    progress.accept("waiting up to " + BUNDLE_TIMEOUT.toSeconds() + " s for the bundle ConfigMaps");
    List<BundleReport> bundles =
        new BundleChecks(client(), out).check(states, BUNDLE_TIMEOUT, progress);
    List<IdentityReport> reports = writeAndVerify(states, bundles, out);
    HandshakeResult handshake = prove(ProofPair.choose(reports));
    FederationResult federation =
        federationDemo == null ? FederationResult.none() : federationDemo.result(states, progress);
    return new EmbeddedResult(
        apiUrl(), examples, applied, reports, bundles, handshake, federation, out);
  }

  private void startOperator() {
    OperatorSettings settings =
        OperatorSettings.defaults(OPERATOR_NAMESPACE)
            .withServerSideApply(false)
            .withBundleEndpoints(
                BundleEndpointSettings.defaults().withBindAddress(BUNDLE_ENDPOINT_ADDRESS))
            .withMetrics(MetricsSettings.on(BUNDLE_ENDPOINT_ADDRESS, 0));
    operator = new VsidOperator(client(), settings, clock);
    operator.start();
  }

  private static String readiness(List<IdentityState> states) {
    long ready = states.stream().filter(IdentityState::ready).count();
    return ready + " of " + states.size() + " WorkloadIdentities are Ready";
  }

  private List<IdentityReport> writeAndVerify(
      List<IdentityState> states, List<BundleReport> bundles, Path out) {
    SvidFiles files = new SvidFiles(client(), out);
    SvidVerification verification = new SvidVerification(clock, OpensslVerifier.find());
    List<IdentityReport> reports = new ArrayList<>();
    for (IdentityState state : states) {
      reports.add(writeAndVerify(state, bundleFiles(state, bundles), files, verification));
    }
    return reports;
  }

  /** The files of the bundle ConfigMap the identity's pods would mount, or null. */
  private static BundleFiles.FileSet bundleFiles(IdentityState state, List<BundleReport> bundles) {
    return bundles.stream()
        .filter(b -> b.namespace().equals(state.namespace()))
        .filter(b -> b.trustDomainRef().equals(state.trustDomainRef()))
        .map(BundleReport::files)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static IdentityReport writeAndVerify(
      IdentityState state,
      BundleFiles.FileSet bundle,
      SvidFiles files,
      SvidVerification verification) {
    if (!state.ready()) {
      return IdentityReport.notReady(state);
    }
    SvidFiles.FileSet written;
    try {
      written = files.write(state.namespace(), state.secretName());
    } catch (IOException | RuntimeException e) {
      return IdentityReport.unwritten(state, "writing its files failed: " + e.getMessage());
    }
    Verdict verdict = verification.verify(written, bundle, state.spiffeId());
    return new IdentityReport(state, written, bundle, verdict, null);
  }

  private static HandshakeResult prove(ProofPair.Choice choice) {
    if (choice.skipReason() != null) {
      return HandshakeResult.skipped(choice.skipReason());
    }
    return MutualTlsProof.run(party(choice.client()), party(choice.server()));
  }

  /** One side of the proof: the identity's SVID files, trusting its namespace's ConfigMap. */
  static MutualTlsProof.Party party(IdentityReport identity) {
    return new MutualTlsProof.Party(
        identity.state().id(),
        identity.files(),
        identity.bundle() == null ? null : identity.bundle().caCert(),
        identity.state().spiffeId());
  }

  private static void createNamespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(NonDeletingOperation::update);
  }

  /** Stops the operator, then the client and the API, so no thread keeps the JVM alive. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (partner != null) {
      partner.close();
    }
    if (operator != null) {
      operator.close();
    }
    api.close();
  }
}
