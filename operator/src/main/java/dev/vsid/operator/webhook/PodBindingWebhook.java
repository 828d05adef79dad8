package dev.vsid.operator.webhook;

import dev.vsid.operator.concurrent.DaemonThreads;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.identity.IdentityDirectory;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.webhook.ServingCertificateKeeper.Current;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod binding webhook of one replica: its HTTPS server, and the regular check that keeps the
 * certificates and the ValidatingWebhookConfiguration right and hands a renewed serving certificate
 * to the server. Every replica runs one, leader or not.
 */
public final class PodBindingWebhook implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PodBindingWebhook.class);

  private final WebhookSettings settings;
  private final ServingCertificateKeeper certificates;
  private final WebhookConfigurationKeeper configuration;
  private final ReloadingKeyManager keys = new ReloadingKeyManager();
  private final ReviewEndpoint endpoint;
  private final ScheduledExecutorService checks =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("webhook-checks"));
  private volatile boolean closed;
  private WebhookServer server;

  public PodBindingWebhook(
      KubernetesClient client,
      OperatorSettings settings,
      IdentityDirectory directory,
      Clock clock) {
    this.settings = settings.webhook();
    String namespace = settings.namespace();
    this.certificates =
        new ServingCertificateKeeper(client, namespace, dnsNames(this.settings, namespace), clock);
    this.configuration =
        new WebhookConfigurationKeeper(
            client, this.settings, namespace, settings.watchedNamespaces());
    this.endpoint = new ReviewEndpoint(new AdmissionReviews(new PodBindingPolicy(directory)));
  }

  /** The names the serving certificate is valid for: the Service's names inside the cluster. */
  static List<String> dnsNames(WebhookSettings settings, String namespace) {
    String service = settings.serviceName() + "." + namespace;
    return List.of(service + ".svc", service + ".svc.cluster.local", service);
  }

  /**
   * Makes sure the certificates exist, starts serving, then keeps the configuration. Fails when the
   * first check fails (the API server cannot be reached, say) or the port cannot be bound.
   */
  public void start() {
    Current current = certificates.ensure();
    keys.use(current.serving());
    try {
      server =
          new WebhookServer(
              new InetSocketAddress(settings.bindAddress(), settings.port()),
              keys,
              endpoint::handle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on the webhook port " + settings.port(), e);
    }
    server.start();
    log.info(
        "Pod binding webhook listening on {} with certificate {}",
        server.address(),
        current.serving().serialNumberHex());
    configuration.ensure(current.caBundlePem());
    long interval = settings.checkInterval().toMillis();
    checks.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** The address the server listens on (with the port the system chose, when 0 was asked for). */
  public InetSocketAddress address() {
    return server.address();
  }

  private void check() {
    try {
      Current current = certificates.ensure();
      if (keys.use(current.serving())) {
        log.info("Now serving webhook certificate {}", current.serving().serialNumberHex());
      }
      configuration.ensure(current.caBundlePem());
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      log.warn(
          "Checking the webhook's certificates failed, will retry: {}", ErrorMessages.describe(e));
    }
  }

  @Override
  public void close() {
    closed = true;
    checks.shutdown();
    try {
      checks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (server != null) {
      server.close();
    }
  }
}
