package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.CaStatus;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.FederatedTrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.ca.CaState;
import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.federation.FederatedBundles;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the TrustDomain an identity names, and the CA that signs for it, from informer caches. A CA
 * is used only once the TrustDomain's status shows it: the trust domain controller writes that
 * status after it has read the CA back from the API server.
 */
public class TrustDomainLookup {
  private final CaStore caStore;
  private InformerEventSource<TrustDomain, WorkloadIdentity> trustDomains;
  private InformerEventSource<Secret, WorkloadIdentity> caSecrets;
  private InformerEventSource<FederatedTrustDomain, WorkloadIdentity> federatedTrustDomains;
  private final FederatedBundles bundles = new FederatedBundles();

  /**
   * A TrustDomain whose CA can sign.
   *
   * @param ca the active CA
   * @param bundle the roots its workloads trust now (active, next and retiring)
   */
  record Resolved(
      TrustDomainSettings settings,
      CertificateAuthority ca,
      TrustBundle bundle,
      Map<TrustDomainName, TrustBundle> federated) {}

  private final Clock clock;

  public TrustDomainLookup(CaStore caStore, Clock clock) {
    this.caStore = caStore;
    this.clock = clock;
  }

  /** The TrustDomains in the cache; none before the identity controller starts. */
  public List<TrustDomain> cachedTrustDomains() {
    var informer = trustDomains;
    return informer == null ? List.of() : informer.list().toList();
  }

  /** The FederatedTrustDomains in the cache; none before the identity controller starts. */
  public List<FederatedTrustDomain> cachedFederatedTrustDomains() {
    var informer = federatedTrustDomains;
    return informer == null ? List.of() : informer.list().toList();
  }

  List<EventSource<?, WorkloadIdentity>> eventSources(
      EventSourceContext<WorkloadIdentity> context,
      Function<String, Set<ResourceID>> identitiesOfTrustDomain) {
    trustDomains =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TrustDomain.class, WorkloadIdentity.class)
                .withName("trust-domains")
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(
                    td -> identitiesOfTrustDomain.apply(td.getMetadata().getName()))
                .build(),
            context);
    caSecrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, WorkloadIdentity.class)
                .withName("ca-secrets")
                .withNamespaces(Set.of(caStore.namespace()))
                .withFollowControllerNamespacesChanges(false)
                .withLabelSelector(Labels.CA_SELECTOR)
                .withSecondaryToPrimaryMapper(
                    secret -> identitiesOfTrustDomain.apply(trustDomainRef(secret)))
                .build(),
            context);
    federatedTrustDomains =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    FederatedTrustDomain.class, WorkloadIdentity.class)
                .withName("federated-trust-domains")
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(
                    ftd -> identitiesFederatingWith(ftd, identitiesOfTrustDomain))
                .build(),
            context);
    return List.of(trustDomains, caSecrets, federatedTrustDomains);
  }

  /** The identities of every TrustDomain that lists the FederatedTrustDomain's trust domain. */
  private Set<ResourceID> identitiesFederatingWith(
      FederatedTrustDomain ftd, Function<String, Set<ResourceID>> identitiesOfTrustDomain) {
    String name = ftd.getSpec() == null ? null : ftd.getSpec().getTrustDomain();
    Set<ResourceID> ids = new HashSet<>();
    trustDomains
        .list()
        .filter(td -> td.getSpec() != null && td.getSpec().getFederatesWith() != null)
        .filter(td -> td.getSpec().getFederatesWith().contains(name))
        .forEach(td -> ids.addAll(identitiesOfTrustDomain.apply(td.getMetadata().getName())));
    return ids;
  }

  private static String trustDomainRef(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String ref = annotations == null ? null : annotations.get(Labels.TRUST_DOMAIN_REF);
    return ref == null ? "" : ref;
  }

  Resolved resolve(WorkloadIdentity wi) throws BadInputException {
    String name = wi.getSpec() == null ? null : wi.getSpec().getTrustDomain();
    if (name == null || name.isEmpty()) {
      String problem =
          wi.getSpec() != null && wi.getSpec().parseProblem() != null
              ? wi.getSpec().parseProblem()
              : "spec.trustDomain is missing; name the TrustDomain resource that signs this"
                  + " identity";
      throw new BadInputException(Reasons.INVALID_SPEC, problem);
    }
    TrustDomain td = trustDomains.get(new ResourceID(name)).orElseThrow(() -> notFound(name));
    TrustDomainSettings settings = settingsOf(td);
    CaState state = signingCa(td, settings);
    TrustBundle bundle =
        TrustBundle.of(settings.trustDomain(), state.trustedRoots(Instant.now(clock)));
    return new Resolved(settings, state.active(), bundle, federated(wi, td, settings));
  }

  /**
   * The bundles of the trust domains the identity trusts beside its own: its TrustDomain's
   * federatesWith, narrowed by its own when it has one. Those without a bundle yet are left out
   * (the TrustDomain's status names them).
   */
  private Map<TrustDomainName, TrustBundle> federated(
      WorkloadIdentity wi, TrustDomain td, TrustDomainSettings settings) throws BadInputException {
    List<String> offered =
        td.getSpec().getFederatesWith() == null ? List.of() : td.getSpec().getFederatesWith();
    List<String> asked = wi.getSpec().getFederatesWith();
    List<String> wanted = offered;
    if (asked != null) {
      for (String name : asked) {
        if (!offered.contains(name)) {
          throw new BadInputException(
              Reasons.FEDERATION_NOT_ALLOWED,
              "spec.federatesWith names "
                  + Text.quote(name)
                  + ", which TrustDomain "
                  + Text.quote(td.getMetadata().getName())
                  + " does not federate with; remove it, or ask an administrator to add it to"
                  + " the TrustDomain's spec.federatesWith");
        }
      }
      wanted = asked;
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    List<FederatedTrustDomain> known = federatedTrustDomains.list().toList();
    Set<String> served = FederatedBundles.servedBy(trustDomains.list());
    return bundles.select(known, wanted, settings.trustDomain(), served).bundles();
  }

  private static BadInputException notFound(String name) {
    return new BadInputException(
        Reasons.TRUST_DOMAIN_NOT_FOUND,
        "TrustDomain "
            + Text.quote(name)
            + " does not exist; create it, or set spec.trustDomain to the"
            + " name of an existing TrustDomain (kubectl get trustdomains)");
  }

  private static TrustDomainSettings settingsOf(TrustDomain td) throws BadInputException {
    try {
      return TrustDomainSettings.of(td);
    } catch (BadInputException e) {
      throw notReady(td, e.getMessage());
    }
  }

  private CaState signingCa(TrustDomain td, TrustDomainSettings settings) throws BadInputException {
    CaStatus published = td.getStatus() == null ? null : td.getStatus().getCa();
    String secretName = CaSecrets.nameFor(td.getMetadata().getName());
    Optional<Secret> secret = caSecrets.get(new ResourceID(secretName, caStore.namespace()));
    if (published == null || secret.isEmpty()) {
      throw notReady(td, "its CA is not ready yet");
    }
    CaState state;
    try {
      state = caStore.load(secret.get(), td.getMetadata().getName(), settings.trustDomain());
    } catch (BadInputException e) {
      throw notReady(td, e.getMessage());
    }
    CaStatus next = td.getStatus().getNextCa();
    String fingerprint = state.active().fingerprint();
    boolean announced =
        fingerprint.equals(published.getFingerprint())
            || (next != null && fingerprint.equals(next.getFingerprint()));
    if (!announced) {
      throw notReady(td, "its CA is changing");
    }
    if (!Conditions.isTrue(td.getStatus().getConditions(), Condition.READY)
        && Conditions.find(td.getStatus().getConditions(), Condition.READY)
            .map(c -> Reasons.CA_EXPIRED.equals(c.getReason()))
            .orElse(false)) {
      throw notReady(td, "its CA has expired");
    }
    return state;
  }

  private static BadInputException notReady(TrustDomain td, String why) {
    return new BadInputException(
        Reasons.TRUST_DOMAIN_NOT_READY,
        "TrustDomain \""
            + td.getMetadata().getName()
            + "\" cannot sign yet: "
            + why
            + " (see kubectl describe trustdomain "
            + td.getMetadata().getName()
            + ")");
  }
}
