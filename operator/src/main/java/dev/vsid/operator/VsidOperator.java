package dev.vsid.operator;

import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.distribution.BundleDistributor;
import dev.vsid.operator.federation.BundleEndpoints;
import dev.vsid.operator.federation.BundleSourceReader;
import dev.vsid.operator.federation.EndpointFetches;
import dev.vsid.operator.federation.FederatedTrustDomainReconciler;
import dev.vsid.operator.federation.FetchSettings;
import dev.vsid.operator.federation.ServedTrustDomain;
import dev.vsid.operator.federation.ServerSettings;
import dev.vsid.operator.health.InformerState;
import dev.vsid.operator.health.Lifecycle;
import dev.vsid.operator.health.Probes;
import dev.vsid.operator.identity.IdentityDirectory;
import dev.vsid.operator.identity.SvidInventory;
import dev.vsid.operator.identity.SvidWriter;
import dev.vsid.operator.identity.TrustDomainLookup;
import dev.vsid.operator.identity.WorkloadIdentityReconciler;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.kube.TolerantCloner;
import dev.vsid.operator.leadership.Leadership;
import dev.vsid.operator.leadership.LeaseHolder;
import dev.vsid.operator.metrics.CacheReadings;
import dev.vsid.operator.metrics.MetricsServer;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.pods.SecretUsers;
import dev.vsid.operator.status.StatusWriter;
import dev.vsid.operator.trustdomain.TrustDomainReconciler;
import dev.vsid.operator.webhook.PodBindingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator: its controllers, wired to one Kubernetes client, and what serves beside them. */
public final class VsidOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VsidOperator.class);

  private final Operator operator;
  private final BundleDistributor distributor;
  private final Leadership leadership;
  private final PodBindingWebhook webhook;
  private final BundleEndpoints endpoints;
  private final EndpointFetches endpointFetches;
  private final VsidMetrics metrics;
  private final Lifecycle lifecycle = new Lifecycle();
  private final MetricsServer metricsServer;

  /**
   * With leader election on ({@link OperatorSettings#leaderElection()}), only the replica holding
   * the Lease reconciles; one that loses the Lease while running ends the JVM, unless the settings
   * turn that off.
   */
  public VsidOperator(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.leadership = Leadership.exitingTheProcess(settings.leaderElection());
    this.metrics = new VsidMetrics(clock);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withLeaderElectionConfiguration(leadership.configuration().orElse(null))
                    .withCloseClientOnStop(false)
                    .withResourceCloner(new TolerantCloner(client.getKubernetesSerialization()))
                    .checkingCRDAndValidateLocalModel(false)
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply())
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    .withMetrics(metrics.operatorMetrics())
                    .withInformerStoppedHandler(this::informerStopped));
    EventRecorder events = new EventRecorder(client, clock);
    CaStore caStore = new CaStore(client, settings.namespace());
    StatusWriter statusWriter = new StatusWriter(client, settings.serverSideApply());
    distributor =
        new BundleDistributor(
            client,
            clock,
            settings.watchedNamespaces(),
            settings.bundleWriteConcurrency(),
            metrics);
    SvidInventory inventory = new SvidInventory();
    IdentityDirectory directory = new IdentityDirectory();
    endpointFetches = new EndpointFetches(FetchSettings.DEFAULTS, clock, metrics);
    operator.register(
        new FederatedTrustDomainReconciler(
            new BundleSourceReader(client, settings.namespace()),
            endpointFetches,
            statusWriter,
            events,
            clock));
    endpoints =
        new BundleEndpoints(
            settings.bundleEndpoints(),
            ServerSettings.DEFAULTS,
            reservedPorts(settings),
            caStore,
            settings.backdate(),
            clock);
    operator.register(
        new TrustDomainReconciler(
            caStore,
            distributor,
            inventory,
            events,
            statusWriter,
            settings,
            endpoints,
            metrics,
            clock));
    SvidWriter svidWriter =
        new SvidWriter(
            client,
            events,
            clock,
            settings.minimumSvidTtl(),
            settings.reissuesPerSecond(),
            metrics);
    if (settings.webhook().enabled()) {
      svidWriter.checkingPodsBeforeCreate(new SecretUsers(client));
    }
    TrustDomainLookup lookup = new TrustDomainLookup(caStore, clock);
    var identities =
        new WorkloadIdentityReconciler(
            settings,
            svidWriter,
            lookup,
            events,
            statusWriter,
            inventory,
            directory,
            metrics,
            clock);
    operator.register(
        identities,
        o -> {
          if (!settings.watchedNamespaces().isEmpty()) {
            o.settingNamespaces(settings.watchedNamespaces());
          }
        });
    webhook =
        settings.webhook().enabled()
            ? new PodBindingWebhook(client, settings, directory, clock)
            : null;
    metricsServer = serveMetrics(client, settings, lookup, inventory);
  }

  /**
   * The metrics and probe server, bound but not serving yet; null when the settings turn it off.
   * The state gauges read the identity controller's caches.
   */
  private MetricsServer serveMetrics(
      KubernetesClient client,
      OperatorSettings settings,
      TrustDomainLookup lookup,
      SvidInventory inventory) {
    metrics.leadership(leadership::isLeading);
    metrics.readingCaches(
        () ->
            inventory.earliestExpiries(CacheReadings.trustDomainNames(lookup.cachedTrustDomains())),
        () -> CacheReadings.lastAcceptedForeignBundles(lookup.cachedFederatedTrustDomains()));
    if (!settings.metrics().enabled()) {
      return null;
    }
    // The Lease's times are written with the wall clock of the replica that holds it.
    LeaseHolder lease = new LeaseHolder(client, settings.leaderElection(), Clock.systemUTC());
    Probes.Leader leader =
        new Probes.Leader() {
          @Override
          public boolean leading() {
            return leadership.isLeading();
          }

          @Override
          public Optional<String> holder() {
            return lease.current();
          }
        };
    Probes.TrustDomainCas cas =
        new Probes.TrustDomainCas() {
          @Override
          public List<String> trustDomains() {
            return lookup.cachedTrustDomains().stream()
                .filter(td -> td.getMetadata().getDeletionTimestamp() == null)
                .map(td -> td.getMetadata().getName())
                .toList();
          }

          @Override
          public Optional<String> problem(String trustDomain) {
            return metrics.caLoadProblem(trustDomain);
          }
        };
    Probes probes = new Probes(lifecycle, () -> InformerState.of(operator), leader, cas);
    return new MetricsServer(settings.metrics(), metrics, probes);
  }

  /** Ports this process listens on besides the bundle endpoints. */
  private static Map<Integer, String> reservedPorts(OperatorSettings settings) {
    Map<Integer, String> ports = new HashMap<>();
    if (settings.webhook().enabled() && settings.webhook().port() > 0) {
      ports.put(settings.webhook().port(), "the pod binding webhook");
    }
    if (settings.metrics().enabled() && settings.metrics().port() > 0) {
      ports.put(settings.metrics().port(), "the metrics and probe server");
    }
    return ports;
  }

  /**
   * Called when an informer stops. The default handler exits the process; here the operator keeps
   * serving what its other informers see, and says which informer stopped and why.
   */
  private void informerStopped(
      io.fabric8.kubernetes.client.informers.SharedIndexInformer<?> informer, Throwable cause) {
    if (cause != null) {
      lifecycle.informerStopped(informer.getApiTypeClass().getSimpleName());
      log.error(
          "An informer stopped ({}); resources it watched are not reconciled until the"
              + " operator restarts: {}",
          informer.getApiTypeClass().getSimpleName(),
          ErrorMessages.describe(cause));
    }
  }

  /**
   * Serves metrics and probes, starts the controllers, then, when it is enabled, the pod binding
   * webhook, and the bundle endpoints the TrustDomains ask for (every replica serves them, leader
   * or not).
   */
  public void start() {
    if (metricsServer != null) {
      metricsServer.start();
    }
    lifecycle.moveTo(Lifecycle.Phase.STARTING);
    try {
      operator.start();
    } catch (RuntimeException e) {
      lifecycle.moveTo(Lifecycle.Phase.FAILED_TO_START);
      if (metricsServer != null) {
        metricsServer.close();
      }
      throw e;
    }
    lifecycle.moveTo(Lifecycle.Phase.RUNNING);
    endpoints.start();
    if (webhook != null) {
      webhook.start();
    }
  }

  /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served, when they are. */
  public Optional<InetSocketAddress> metricsAddress() {
    return metricsServer == null ? Optional.empty() : Optional.of(metricsServer.address());
  }

  /** The operator's metrics. */
  public VsidMetrics metrics() {
    return metrics;
  }

  /** Where the pod binding webhook listens, when it is enabled and started. */
  public Optional<InetSocketAddress> webhookAddress() {
    return webhook == null ? Optional.empty() : Optional.of(webhook.address());
  }

  /**
   * Where this replica serves the bundle endpoint of the TrustDomain named {@code trustDomain} with
   * {@code profile}, if it does.
   */
  public Optional<InetSocketAddress> bundleEndpointAddress(
      String trustDomain, ServedTrustDomain.Profile profile) {
    return endpoints.address(trustDomain, profile);
  }

  /** True while this replica may reconcile: it holds the Lease, or leader election is off. */
  public boolean isLeading() {
    return leadership.isLeading();
  }

  /** Stops reconciling. The Lease is not released: another replica takes over when it expires. */
  @Override
  public void close() {
    leadership.closing();
    lifecycle.moveTo(Lifecycle.Phase.STOPPED);
    if (webhook != null) {
      webhook.close();
    }
    endpoints.close();
    operator.stop();
    distributor.close();
    endpointFetches.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
  }
}
