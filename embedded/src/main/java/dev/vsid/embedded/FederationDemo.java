package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The federation part of the embedded mode: a partner cluster (its own Kubernetes API and operator,
 * from the examples' {@code partner/} folder) and this one trust each other's trust domain through
 * their operators' bundle endpoints. The first bundle of each side is copied to the other once, as
 * administrators exchange it out of band; everything after that goes through the endpoints. Then a
 * workload of each trust domain completes a mutual TLS handshake, and a workload of a trust domain
 * this side does not federate with is refused.
 */
final class FederationDemo {
  static final String PARTNER_FOLDER = "partner";
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String FEDERATED_KIND = "FederatedTrustDomain";

  private final EmbeddedMode home;
  private final EmbeddedMode partner;
  private final Path out;
  private final List<String> steps = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private List<IdentityState> partnerIdentities = List.of();

  FederationDemo(EmbeddedMode home, EmbeddedMode partner, Path out) {
    this.home = home;
    this.partner = partner;
    this.out = out;
  }

  /** FederatedTrustDomains wait until the first bundles have been exchanged. */
  static boolean heldBack(HasMetadata object) {
    return FEDERATED_KIND.equals(object.getKind());
  }

  /**
   * Exchanges the first bundles, applies the held FederatedTrustDomains of both sides, and waits
   * until both sides trust each other and every federating identity's Secret holds the other side's
   * bundle. What went wrong is kept for {@link #result}.
   *
   * @param homeHeld the FederatedTrustDomains of this cluster's examples, not applied yet
   * @param partnerHeld the same for the partner cluster
   * @param applied this cluster's applied objects, to which the held ones are added
   */
  void connect(
      List<ExampleLoader.Held> homeHeld,
      List<ExampleLoader.Held> partnerHeld,
      List<ExampleLoader.Applied> applied,
      Consumer<String> progress) {
    try {
      exchangeFirstBundles(homeHeld, partner.client(), home.client(), "this cluster", progress);
      exchangeFirstBundles(partnerHeld, home.client(), partner.client(), "the partner", progress);
      ExampleLoader homeLoader = new ExampleLoader(home.client());
      homeHeld.forEach(held -> applied.add(homeLoader.apply(held)));
      ExampleLoader partnerLoader = new ExampleLoader(partner.client());
      partnerHeld.forEach(partnerLoader::apply);
      progress.accept("waiting up to " + TIMEOUT.toSeconds() + " s for the partner's identities");
      partnerIdentities = new IdentityWaiter(partner.client()).awaitAllReady(TIMEOUT, progress);
      progress.accept("waiting up to " + TIMEOUT.toSeconds() + " s for both sides to federate");
      awaitFederated(home.client(), "this cluster");
      awaitFederated(partner.client(), "the partner");
      awaitFederatedFiles(home.client());
      awaitFederatedFiles(partner.client());
    } catch (IllegalStateException e) {
      problems.add(
          "federation: "
              + e.getMessage()
              + "; this cluster: "
              + state(home.client())
              + "; the partner: "
              + state(partner.client()));
    }
  }

  /** The handshakes, once {@link #connect} succeeded; else what went wrong. */
  FederationResult result(List<IdentityState> homeIdentities, Consumer<String> progress) {
    if (!problems.isEmpty()) {
      return new FederationResult(partner.apiUrl(), steps, null, null, problems);
    }
    try {
      return handshakes(homeIdentities, partnerIdentities, progress);
    } catch (IOException | IllegalStateException e) {
      problems.add("federation: " + e.getMessage());
      return new FederationResult(partner.apiUrl(), steps, null, null, problems);
    }
  }

  /** The federation conditions of a cluster's TrustDomains and FederatedTrustDomains, in short. */
  private static String state(KubernetesClient client) {
    List<String> parts = new ArrayList<>();
    for (TrustDomain td : client.resources(TrustDomain.class).list().getItems()) {
      for (String type : List.of(Condition.BUNDLE_ENDPOINT, Condition.FEDERATED)) {
        Optional<Condition> condition =
            td.getStatus() == null
                ? Optional.empty()
                : Conditions.find(td.getStatus().getConditions(), type);
        condition
            .filter(c -> !Condition.TRUE.equals(c.getStatus()))
            .ifPresent(
                c ->
                    parts.add(
                        "TrustDomain "
                            + td.getMetadata().getName()
                            + " "
                            + type
                            + "=False ("
                            + c.getReason()
                            + "): "
                            + c.getMessage()));
      }
    }
    for (FederatedTrustDomain ftd :
        client.resources(FederatedTrustDomain.class).list().getItems()) {
      Optional<Condition> ready =
          ftd.getStatus() == null
              ? Optional.empty()
              : Conditions.find(ftd.getStatus().getConditions(), Condition.READY);
      ready
          .filter(
              c -> !Condition.TRUE.equals(c.getStatus()) || ftd.getStatus().getLastError() != null)
          .ifPresent(
              c ->
                  parts.add(
                      "FederatedTrustDomain "
                          + ftd.getMetadata().getName()
                          + " Ready="
                          + c.getStatus()
                          + " ("
                          + c.getReason()
                          + "): "
                          + c.getMessage()));
    }
    return parts.isEmpty() ? "nothing reported wrong" : String.join("; ", parts);
  }

  /** Every ready identity whose trust domain federates holds each federated bundle's file. */
  private static void awaitFederatedFiles(KubernetesClient client) {
    Map<String, List<String>> trust = federations(client);
    for (IdentityState identity : new IdentityWaiter(client).current()) {
      if (identity.ready()) {
        for (String other : trust.getOrDefault(trustDomainOf(identity.spiffeId()), List.of())) {
          awaitFederatedKey(client, identity, other);
        }
      }
    }
  }

  /**
   * For each held FederatedTrustDomain whose endpoint's initial bundle is a ConfigMap, writes that
   * ConfigMap from the CA Secret of the other cluster's TrustDomain of that name.
   */
  private void exchangeFirstBundles(
      List<ExampleLoader.Held> held,
      KubernetesClient source,
      KubernetesClient target,
      String targetName,
      Consumer<String> progress) {
    for (ExampleLoader.Held object : held) {
      FederatedTrustDomain ftd = asFederatedTrustDomain(object.object());
      var spec = ftd.getSpec();
      if (spec == null
          || spec.getBundle() == null
          || spec.getBundle().getEndpoint() == null
          || spec.getBundle().getEndpoint().getInitialBundle() == null
          || spec.getBundle().getEndpoint().getInitialBundle().getConfigMap() == null) {
        continue;
      }
      var ref = spec.getBundle().getEndpoint().getInitialBundle().getConfigMap();
      TrustDomain served = servedBy(source, spec.getTrustDomain());
      String roots = awaitCaRoots(source, served.getMetadata().getName());
      target
          .configMaps()
          .inNamespace(ref.getNamespace())
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withNamespace(ref.getNamespace())
                  .withName(ref.getName())
                  .endMetadata()
                  .withData(Map.of(ref.getKey(), roots))
                  .build())
          .createOr(NonDeletingOperation::update);
      String step =
          "copied the first bundle of "
              + spec.getTrustDomain()
              + " (root "
              + fingerprints(roots)
              + ") into ConfigMap "
              + ref.getNamespace()
              + "/"
              + ref.getName()
              + " of "
              + targetName
              + ", once, as administrators exchange it; later bundles come from "
              + spec.getBundle().getEndpoint().getUrl();
      steps.add(step);
      progress.accept(step);
    }
  }

  private static FederatedTrustDomain asFederatedTrustDomain(HasMetadata object) {
    if (object instanceof FederatedTrustDomain typed) {
      return typed;
    }
    if (object instanceof GenericKubernetesResource generic) {
      return Serialization.jsonMapper().convertValue(generic, FederatedTrustDomain.class);
    }
    throw new IllegalStateException(
        "cannot read " + object.getKind() + " as a FederatedTrustDomain");
  }

  private static TrustDomain servedBy(KubernetesClient client, String trustDomain) {
    return client.resources(TrustDomain.class).list().getItems().stream()
        .filter(td -> td.getSpec() != null && trustDomain.equals(td.getSpec().getTrustDomain()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no TrustDomain of the other cluster serves " + trustDomain));
  }

  private static String awaitCaRoots(KubernetesClient client, String trustDomainResource) {
    Secret secret =
        await(
            "the CA Secret of TrustDomain " + trustDomainResource,
            () ->
                client
                    .secrets()
                    .inNamespace(EmbeddedMode.OPERATOR_NAMESPACE)
                    .withName("vsid-ca-" + trustDomainResource)
                    .get());
    String encoded = secret.getData() == null ? null : secret.getData().get("ca.crt");
    if (encoded == null) {
      throw new IllegalStateException(
          "the CA Secret of TrustDomain " + trustDomainResource + " holds no ca.crt");
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private static String fingerprints(String roots) {
    try {
      return String.join(
          ", ",
          Pem.parseCertificates(roots).stream()
              .map(root -> "sha256 " + Fingerprints.sha256(root).substring(0, 16) + "...")
              .toList());
    } catch (PkiException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /** Every TrustDomain with federatesWith reports Federated=True. */
  private void awaitFederated(KubernetesClient client, String clusterName) {
    List<String> federated =
        await(
            "Federated=True on every TrustDomain of " + clusterName + " that federates",
            () -> {
              List<String> names = new ArrayList<>();
              for (TrustDomain td : client.resources(TrustDomain.class).list().getItems()) {
                if (td.getSpec() == null
                    || td.getSpec().getFederatesWith() == null
                    || td.getSpec().getFederatesWith().isEmpty()) {
                  continue;
                }
                boolean ok =
                    td.getStatus() != null
                        && Conditions.isTrue(td.getStatus().getConditions(), Condition.FEDERATED);
                if (!ok) {
                  return null;
                }
                names.add(
                    td.getSpec().getTrustDomain()
                        + " trusts "
                        + String.join(", ", td.getSpec().getFederatesWith()));
              }
              return names;
            });
    for (FederatedTrustDomain ftd :
        client.resources(FederatedTrustDomain.class).list().getItems()) {
      federated.add(
          ftd.getSpec().getTrustDomain()
              + "'s bundle fetched by "
              + clusterName
              + " (sequence "
              + (ftd.getStatus() == null ? "-" : ftd.getStatus().getSequence())
              + ")");
    }
    steps.add(clusterName + ": " + String.join("; ", federated));
  }

  private FederationResult handshakes(
      List<IdentityState> homeIdentities,
      List<IdentityState> partnerIdentities,
      Consumer<String> progress)
      throws IOException {
    Map<String, List<String>> homeTrust = federations(home.client());
    Map<String, List<String>> partnerTrust = federations(partner.client());
    // A workload here whose trust domain federates with a partner trust domain, and one of that
    // trust domain which federates back; and a partner workload whose trust domain is not trusted.
    IdentityState local = null;
    IdentityState peer = null;
    IdentityState stranger = null;
    for (IdentityState candidate : partnerIdentities) {
      if (!candidate.ready()) {
        continue;
      }
      String peerDomain = trustDomainOf(candidate.spiffeId());
      Optional<IdentityState> match =
          homeIdentities.stream()
              .filter(IdentityState::ready)
              .filter(
                  h ->
                      federates(homeTrust, trustDomainOf(h.spiffeId()), peerDomain)
                          && federates(partnerTrust, peerDomain, trustDomainOf(h.spiffeId())))
              .reduce((first, second) -> second);
      if (match.isPresent() && peer == null) {
        local = match.get();
        peer = candidate;
      } else if (match.isEmpty() && stranger == null) {
        stranger = candidate;
      }
    }
    if (local == null || peer == null) {
      return new FederationResult(
          partner.apiUrl(),
          steps,
          HandshakeResult.skipped(
              "no pair of ready workloads whose trust domains federate with each other"),
          null,
          List.of());
    }
    SvidFiles homeFiles = new SvidFiles(home.client(), out);
    SvidFiles partnerFiles = new SvidFiles(partner.client(), out.resolve(PARTNER_FOLDER));
    SvidFiles.FileSet localFiles = homeFiles.write(local.namespace(), local.secretName());
    SvidFiles.FileSet peerFiles = partnerFiles.write(peer.namespace(), peer.secretName());
    MutualTlsProof.Party localParty = federatedParty(local, localFiles, peer);
    MutualTlsProof.Party peerParty = federatedParty(peer, peerFiles, local);
    progress.accept("mutual TLS across trust domains: " + local.id() + " -> " + peer.id());
    HandshakeResult cross = MutualTlsProof.run(localParty, peerParty);
    HandshakeResult refused = null;
    if (stranger != null) {
      SvidFiles.FileSet strangerFiles =
          partnerFiles.write(stranger.namespace(), stranger.secretName());
      // The stranger even trusts this side's roots: the refusal is this side's alone.
      MutualTlsProof.Party strangerParty =
          new MutualTlsProof.Party(
              "partner:" + stranger.id(),
              strangerFiles,
              localFiles.dir().resolve("all-roots.crt"),
              stranger.spiffeId());
      progress.accept(
          "a workload of an unfederated trust domain tries: "
              + stranger.id()
              + " -> "
              + local.id());
      refused =
          MutualTlsProof.run(strangerParty, localParty, stranger.spiffeId(), local.spiffeId());
    }
    return new FederationResult(partner.apiUrl(), steps, cross, refused, List.of());
  }

  /** A party trusting its Secret's all-roots.crt, checking the peer against its own bundle. */
  private MutualTlsProof.Party federatedParty(
      IdentityState self, SvidFiles.FileSet files, IdentityState peer) {
    String prefix = files.dir().startsWith(out.resolve(PARTNER_FOLDER)) ? "partner:" : "";
    return new MutualTlsProof.Party(
        prefix + self.id(),
        files,
        files.dir().resolve("all-roots.crt"),
        self.spiffeId(),
        files.dir().resolve("federated." + trustDomainOf(peer.spiffeId()) + ".crt"));
  }

  /** Trust domain name -> the trust domains it federates with, for one cluster. */
  private static Map<String, List<String>> federations(KubernetesClient client) {
    Map<String, List<String>> trust = new HashMap<>();
    for (TrustDomain td : client.resources(TrustDomain.class).list().getItems()) {
      if (td.getSpec() != null && td.getSpec().getTrustDomain() != null) {
        List<String> with = td.getSpec().getFederatesWith();
        trust.put(td.getSpec().getTrustDomain(), with == null ? List.of() : with);
      }
    }
    return trust;
  }

  private static boolean federates(Map<String, List<String>> trust, String from, String to) {
    return trust.getOrDefault(from, List.of()).contains(to);
  }

  /** Waits until the identity's Secret holds the bundle of {@code peerDomain}. */
  private static void awaitFederatedKey(
      KubernetesClient client, IdentityState identity, String peerDomain) {
    String key = "federated." + peerDomain + ".crt";
    await(
        key + " in Secret " + identity.namespace() + "/" + identity.secretName(),
        () -> {
          Secret secret =
              client
                  .secrets()
                  .inNamespace(identity.namespace())
                  .withName(identity.secretName())
                  .get();
          return secret != null && secret.getData() != null && secret.getData().containsKey(key)
              ? secret
              : null;
        });
  }

  private static String trustDomainOf(String spiffeId) {
    String rest = spiffeId.substring("spiffe://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static <T> T await(String what, Supplier<T> probe) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "waited " + TIMEOUT.toSeconds() + " s for " + what + " in vain");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
