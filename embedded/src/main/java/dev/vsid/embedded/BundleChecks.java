package dev.vsid.embedded;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Finds, writes out and checks the bundle ConfigMap of every namespace that holds identities: waits
 * until their TrustDomains report BundlesInSync, writes each ConfigMap's keys as files, and checks
 * that ca.crt and bundle.json agree.
 */
final class BundleChecks {
  private final KubernetesClient client;
  private final BundleFiles files;

  BundleChecks(KubernetesClient client, Path out) {
    this.client = client;
    this.files = new BundleFiles(client, out);
  }

  /** One report per namespace and TrustDomain its identities name, in namespace order. */
  List<BundleReport> check(
      List<IdentityState> identities, Duration timeout, Consumer<String> progress) {
    Set<String> refs =
        identities.stream()
            .map(IdentityState::trustDomainRef)
            .filter(ref -> ref != null)
            .collect(Collectors.toCollection(TreeSet::new));
    Map<String, TrustDomain> trustDomains = new BundleWaiter(client).awaitInSync(refs, timeout);
    trustDomains.forEach(
        (name, td) ->
            progress.accept(
                "TrustDomain " + name + " BundlesInSync=" + BundleWaiter.condition(td)));
    List<BundleReport> reports = new ArrayList<>();
    for (Place place : places(identities)) {
      TrustDomain td = trustDomains.get(place.trustDomainRef());
      if (td != null) {
        reports.add(check(place.namespace(), td));
      }
    }
    return reports;
  }

  /** A namespace and a TrustDomain one of its identities names. */
  private record Place(String namespace, String trustDomainRef) {
    static final Comparator<Place> ORDER =
        Comparator.comparing(Place::namespace).thenComparing(Place::trustDomainRef);
  }

  /** Every namespace and TrustDomain that some identity names, sorted. */
  private static Set<Place> places(List<IdentityState> identities) {
    return identities.stream()
        .filter(identity -> identity.trustDomainRef() != null)
        .map(identity -> new Place(identity.namespace(), identity.trustDomainRef()))
        .collect(Collectors.toCollection(() -> new TreeSet<>(Place.ORDER)));
  }

  private BundleReport check(String namespace, TrustDomain td) {
    String tdName = td.getMetadata().getName();
    String name = configMapName(td);
    Optional<TrustDomainName> trustDomain = trustDomainName(td);
    if (trustDomain.isEmpty()) {
      return BundleReport.unwritten(
          namespace, name, tdName, "TrustDomain " + tdName + " has no valid spec.trustDomain");
    }
    Optional<BundleFiles.FileSet> found;
    try {
      found = files.write(namespace, name);
    } catch (IOException | RuntimeException e) {
      return BundleReport.unwritten(
          namespace, name, tdName, "writing its files failed: " + e.getMessage());
    }
    if (found.isEmpty()) {
      return BundleReport.unwritten(
          namespace, name, tdName, "the ConfigMap is missing" + hint(td, namespace));
    }
    BundleFiles.FileSet written = found.get();
    BundleInspection.Outcome outcome =
        BundleInspection.inspect(written, trustDomain.get(), sequence(td));
    String problem = outcome.problem();
    if (problem == null && !BundleWaiter.inSync(td)) {
      problem = "TrustDomain " + tdName + " BundlesInSync=" + BundleWaiter.condition(td);
    }
    return new BundleReport(
        namespace, name, tdName, written, outcome.sequence(), outcome.roots(), problem);
  }

  /** What the TrustDomain tells about a missing ConfigMap: its condition, or its selector. */
  private static String hint(TrustDomain td, String namespace) {
    if (!BundleWaiter.inSync(td)) {
      return "; TrustDomain "
          + td.getMetadata().getName()
          + " BundlesInSync="
          + BundleWaiter.condition(td);
    }
    return "; TrustDomain "
        + td.getMetadata().getName()
        + " reports its bundle in sync, so its spec.bundle.namespaceSelector does not select "
        + namespace;
  }

  private static Optional<TrustDomainName> trustDomainName(TrustDomain td) {
    try {
      return Optional.of(TrustDomainName.parse(td.getSpec().getTrustDomain()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The name the status reports, else the default rule. */
  private static String configMapName(TrustDomain td) {
    if (td.getStatus() != null
        && td.getStatus().getBundle() != null
        && td.getStatus().getBundle().getConfigMapName() != null) {
      return td.getStatus().getBundle().getConfigMapName();
    }
    if (td.getSpec() != null
        && td.getSpec().getBundle() != null
        && td.getSpec().getBundle().getConfigMapName() != null) {
      return td.getSpec().getBundle().getConfigMapName();
    }
    return BundleSettings.defaultConfigMapName(td.getMetadata().getName());
  }

  private static Long sequence(TrustDomain td) {
    return td.getStatus() == null || td.getStatus().getBundle() == null
        ? null
        : td.getStatus().getBundle().getSequence();
  }
}
