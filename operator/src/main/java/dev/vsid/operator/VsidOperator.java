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
import dev.vsid.operator.identity.IdentityDirectory;
import dev.vsid.operator.identity.SvidInventory;
import dev.vsid.operator.identity.SvidWriter;
import dev.vsid.operator.identity.TrustDomainLookup;
import dev.vsid.operator.identity.WorkloadIdentityReconciler;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.kube.TolerantCloner;
import dev.vsid.operator.leadership.Leadership;
import dev.vsid.operator.pods.SecretUsers;
import dev.vsid.operator.status.StatusWriter;
import dev.vsid.operator.trustdomain.TrustDomainReconciler;
import dev.vsid.operator.webhook.PodBindingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator: both controllers, wired to one Kubernetes client. */
public final class VsidOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VsidOperator.class);

  private final Operator operator;
  private final BundleDistributor distributor;
  private final Leadership leadership;
  private final PodBindingWebhook webhook;
  private final BundleEndpoints endpoints;
  private final EndpointFetches endpointFetches;

  /**
   * With leader election on ({@link OperatorSettings#leaderElection()}), only the replica holding
   * the Lease reconciles; one that loses the Lease while running ends the JVM, unless the settings
   * turn that off.
   */
  public VsidOperator(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.leadership = Leadership.exitingTheProcess(settings.leaderElection());
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
                    .withInformerStoppedHandler(VsidOperator::informerStopped));
    EventRecorder events = new EventRecorder(client, clock);
    CaStore caStore = new CaStore(client, settings.namespace());
    StatusWriter statusWriter = new StatusWriter(client, settings.serverSideApply());
    distributor =
        new BundleDistributor(
            client, clock, settings.watchedNamespaces(), settings.bundleWriteConcurrency());
    SvidInventory inventory = new SvidInventory();
    IdentityDirectory directory = new IdentityDirectory();
    endpointFetches = new EndpointFetches(FetchSettings.DEFAULTS, clock);
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
            caStore, distributor, inventory, events, statusWriter, settings, endpoints, clock));
    SvidWriter svidWriter =
        new SvidWriter(
            client, events, clock, settings.minimumSvidTtl(), settings.reissuesPerSecond());
    if (settings.webhook().enabled()) {
      svidWriter.checkingPodsBeforeCreate(new SecretUsers(client));
    }
    var identities =
        new WorkloadIdentityReconciler(
            settings,
            svidWriter,
            new TrustDomainLookup(caStore, clock),
            events,
            statusWriter,
            inventory,
            directory,
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
  }

  /** Ports this process listens on besides the bundle endpoints. */
  private static Map<Integer, String> reservedPorts(OperatorSettings settings) {
    Map<Integer, String> ports = new HashMap<>();
    if (settings.webhook().enabled() && settings.webhook().port() > 0) {
      ports.put(settings.webhook().port(), "the pod binding webhook");
    }
    return ports;
  }

  /**
   * Called when an informer stops. The default handler exits the process; here the operator keeps
   * serving what its other informers see, and says which informer stopped and why.
   */
  private static void informerStopped(
      io.fabric8.kubernetes.client.informers.SharedIndexInformer<?> informer, Throwable cause) {
    if (cause != null) {
      log.error(
          "An informer stopped ({}); resources it watched are not reconciled until the"
              + " operator restarts: {}",
          informer.getApiTypeClass().getSimpleName(),
          ErrorMessages.describe(cause));
    }
  }

  /**
   * Starts the controllers, then, when it is enabled, the pod binding webhook, and the bundle
   * endpoints the TrustDomains ask for (every replica serves them, leader or not).
   */
  public void start() {
    operator.start();
    endpoints.start();
    if (webhook != null) {
      webhook.start();
    }
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
    if (webhook != null) {
      webhook.close();
    }
    endpoints.close();
    operator.stop();
    distributor.close();
    endpointFetches.close();
  }
}
