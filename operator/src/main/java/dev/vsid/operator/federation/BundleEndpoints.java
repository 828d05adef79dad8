package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.ca.CaState;
import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.concurrent.DaemonThreads;
import dev.vsid.operator.config.BundleEndpointSettings;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.distribution.BundleContent;
import dev.vsid.operator.distribution.BundleSequence;
import dev.vsid.operator.kube.ErrorMessages;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.pki.SvidRequest;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle endpoints of the local trust domains, served by every replica, leader or not: each
 * TrustDomain with {@code spec.bundleEndpoint} gets an https_spiffe listener (and an https_web one
 * when asked) that answers its current bundle.
 *
 * <p>Everything comes from what the replica has cached (TrustDomains, and the Secrets of the
 * operator's namespace), so every replica serves the same bundle with the same sequence number as
 * the bundle ConfigMaps: the roots of the CA Secret (the active CA's, the next CA's from the moment
 * a rotation publishes it, the retiring ones) and the sequence recorded for them. Each replica
 * issues its own https_spiffe certificate in memory from the active CA, for {@link
 * EndpointConfig#spiffeId}, and renews it at half its life or when the active CA changes; nothing
 * is written to the API server. A periodic check (and every reconcile of a TrustDomain on the
 * leader) opens, replaces and closes listeners as TrustDomains change.
 */
public final class BundleEndpoints implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleEndpoints.class);

  /** A port that could not be bound is tried again after this long. */
  static final Duration BIND_RETRY = Duration.ofSeconds(30);

  /** What a replica has cached, read on every check. */
  public interface Caches {
    Collection<TrustDomain> trustDomains();

    /** A Secret of the operator's namespace, by name. */
    Optional<Secret> operatorSecret(String name);
  }

  /**
   * What a TrustDomain's BundleEndpoint condition says.
   *
   * @param serving whether every listener asked for is serving on this replica
   * @param reason {@link Reasons#BUNDLE_ENDPOINT_SERVING}, {@link Reasons#BUNDLE_ENDPOINT_PENDING}
   *     or the reason it is not served
   */
  public record Report(boolean serving, String reason, String message) {
    public boolean pending() {
      return Reasons.BUNDLE_ENDPOINT_PENDING.equals(reason);
    }
  }

  private final BundleEndpointSettings settings;
  private final ServerSettings serverSettings;
  private final Map<Integer, String> reservedPorts;
  private final CaStore caStore;
  private final SvidIssuer issuer;
  private final Clock clock;
  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private volatile Caches caches;
  private EndpointPlan plan = EndpointPlan.of(List.of(), Map.of());
  private BundleEndpointServer server;
  private ScheduledExecutorService loop;
  private boolean closed;

  /**
   * @param reservedPorts ports this process uses for something else, with what for
   * @param backdate how far before now the serving certificates start, for clock skew
   */
  public BundleEndpoints(
      BundleEndpointSettings settings,
      ServerSettings serverSettings,
      Map<Integer, String> reservedPorts,
      CaStore caStore,
      Duration backdate,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.serverSettings = Objects.requireNonNull(serverSettings, "serverSettings");
    this.reservedPorts = Map.copyOf(reservedPorts);
    this.caStore = Objects.requireNonNull(caStore, "caStore");
    this.issuer = new SvidIssuer(clock, backdate);
    this.clock = clock;
  }

  /** Gives the caches to read; until then nothing is served. */
  public void attach(Caches replicaCaches) {
    this.caches = replicaCaches;
  }

  /** Starts the periodic check; every replica calls this. */
  public synchronized void start() {
    if (closed || loop != null || !settings.enabled()) {
      return;
    }
    loop = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vsid-bundle-endpoints"));
    long every = settings.syncInterval().toMillis();
    loop.scheduleWithFixedDelay(this::syncQuietly, 0, every, TimeUnit.MILLISECONDS);
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException e) {
      log.warn("bundle endpoints: the periodic check failed: {}", ErrorMessages.describe(e));
    }
  }

  /** Brings listeners, bundles and certificates in line with the cached TrustDomains. */
  public synchronized void sync() {
    Caches cached = caches;
    if (closed || cached == null || !settings.enabled()) {
      return;
    }
    Collection<TrustDomain> trustDomains = cached.trustDomains();
    plan = EndpointPlan.of(trustDomains, reservedPorts);
    Map<String, EndpointConfig> wanted = plan.served();
    for (Iterator<Map.Entry<String, Endpoint>> it = endpoints.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Endpoint> entry = it.next();
      EndpointConfig config = wanted.get(entry.getKey());
      if (config == null || !config.sameListeners(entry.getValue().config)) {
        stopListeners(entry.getValue());
        it.remove();
      }
    }
    Map<String, TrustDomain> byName = new HashMap<>();
    trustDomains.forEach(td -> byName.put(td.getMetadata().getName(), td));
    Instant now = clock.instant();
    wanted.forEach(
        (name, config) -> {
          Endpoint endpoint = endpoints.computeIfAbsent(name, n -> new Endpoint(config));
          endpoint.config = config;
          refresh(endpoint, byName.get(name), cached, now);
          listen(endpoint, now);
        });
  }

  /** What the BundleEndpoint condition of {@code td} says; empty when it asks for no endpoint. */
  public synchronized Optional<Report> report(TrustDomain td) {
    if (td.getSpec() == null || td.getSpec().getBundleEndpoint() == null) {
      return Optional.empty();
    }
    if (!settings.enabled()) {
      return Optional.of(
          new Report(
              false,
              Reasons.BUNDLE_ENDPOINTS_DISABLED,
              "this operator runs with VSID_BUNDLE_ENDPOINTS_ENABLED=false, so no replica serves"
                  + " bundle endpoints; turn it on, or remove spec.bundleEndpoint"));
    }
    String name = td.getMetadata().getName();
    Optional<EndpointPlan.Outcome> outcome = plan.outcome(name);
    if (outcome.isEmpty()) {
      return Optional.of(pending("the endpoint is being set up"));
    }
    if (outcome.get() instanceof EndpointPlan.Refused refused) {
      return Optional.of(new Report(false, refused.reason(), refused.message()));
    }
    Endpoint endpoint = endpoints.get(name);
    return Optional.of(
        endpoint == null ? pending("the endpoint is being set up") : describe(endpoint));
  }

  /** Where this replica serves {@code trustDomain}'s bundle with {@code profile}, if it does. */
  public synchronized Optional<InetSocketAddress> address(
      String trustDomainResource, ServedTrustDomain.Profile profile) {
    Endpoint endpoint = endpoints.get(trustDomainResource);
    if (endpoint == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        profile == ServedTrustDomain.Profile.HTTPS_SPIFFE
            ? endpoint.spiffeAddress
            : endpoint.webAddress);
  }

  private static Report pending(String message) {
    return new Report(false, Reasons.BUNDLE_ENDPOINT_PENDING, message);
  }

  private Report describe(Endpoint endpoint) {
    EndpointConfig config = endpoint.config;
    if (endpoint.caProblem != null) {
      return new Report(
          false, Reasons.BUNDLE_ENDPOINT_UNAVAILABLE, "no bundle to serve: " + endpoint.caProblem);
    }
    if (endpoint.bindProblem != null) {
      return new Report(false, Reasons.BUNDLE_ENDPOINT_UNAVAILABLE, endpoint.bindProblem);
    }
    if (endpoint.spiffeAddress == null) {
      return pending("the https_spiffe listener on port " + config.port() + " is starting");
    }
    String spiffe = "https_spiffe on port " + config.port() + " as " + config.spiffeId();
    if (config.web().isPresent()) {
      EndpointConfig.Web web = config.web().get();
      if (endpoint.webProblem != null) {
        return new Report(
            false,
            Reasons.BUNDLE_ENDPOINT_UNAVAILABLE,
            endpoint.webProblem + "; " + spiffe + " serves meanwhile");
      }
      if (endpoint.webAddress == null) {
        return pending("the https_web listener on port " + web.port() + " is starting");
      }
      spiffe += " and https_web on port " + web.port();
    }
    return new Report(
        true,
        Reasons.BUNDLE_ENDPOINT_SERVING,
        "the bundle of "
            + config.trustDomain()
            + " is served "
            + spiffe
            + " by every operator replica; refresh hint "
            + Durations.format(config.refreshHint()));
  }

  private void refresh(Endpoint endpoint, TrustDomain td, Caches cached, Instant now) {
    EndpointConfig config = endpoint.config;
    String caName = CaSecrets.nameFor(config.resource());
    Optional<Secret> caSecret = cached.operatorSecret(caName);
    if (caSecret.isEmpty()) {
      endpoint.caProblem = "the CA Secret " + caName + " is not there yet";
      return;
    }
    CaState state;
    try {
      state = caStore.load(caSecret.get(), config.resource(), config.trustDomain());
    } catch (BadInputException e) {
      endpoint.caProblem = e.getMessage();
      return;
    }
    TrustBundle own =
        TrustBundle.of(config.trustDomain(), state.trustedRoots(now))
            .withRefreshHint(config.refreshHint());
    String digest = BundleContent.digest(own);
    long sequence =
        BundleSequence.choose(
            CaSecrets.recordedSequence(caSecret.get()),
            CaSecrets.recordedDigest(caSecret.get()),
            td == null || td.getStatus() == null ? null : td.getStatus().getBundle(),
            digest);
    endpoint.bundle.set(own.withSequence(sequence));
    try {
      renewSvid(endpoint, state.active(), now);
      endpoint.caProblem = null;
    } catch (PkiException e) {
      endpoint.caProblem = "cannot issue the endpoint's certificate: " + e.getMessage();
    }
    config.web().ifPresent(web -> refreshWeb(endpoint, web, cached, now));
  }

  private void renewSvid(Endpoint endpoint, CertificateAuthority active, Instant now)
      throws PkiException {
    if (endpoint.svid.get() != null
        && active.fingerprint().equals(endpoint.signedBy)
        && now.isBefore(endpoint.renewAt)) {
      return;
    }
    Svid svid =
        issuer.issue(
            new SvidRequest(
                endpoint.config.spiffeId(), List.of(), KeyType.EC_P256, settings.svidTtl()),
            active);
    endpoint.svid.set(ServingCredential.of(svid));
    endpoint.signedBy = active.fingerprint();
    Duration life = Duration.between(svid.notBefore(), svid.notAfter());
    endpoint.renewAt = svid.notBefore().plus(life.dividedBy(2));
    log.debug(
        "bundle endpoint of {}: serving certificate {} valid until {}",
        endpoint.config.trustDomain(),
        svid.serialNumberHex(),
        svid.notAfter());
  }

  private void refreshWeb(Endpoint endpoint, EndpointConfig.Web web, Caches cached, Instant now) {
    Optional<Secret> secret = cached.operatorSecret(web.secretName());
    if (secret.isEmpty()) {
      endpoint.webProblem =
          "spec.bundleEndpoint.web.secretName: Secret "
              + web.secretName()
              + " is not in the operator's namespace; create a kubernetes.io/tls Secret with"
              + " tls.crt and tls.key there";
      return;
    }
    String version = secret.get().getMetadata().getResourceVersion();
    if (version == null || !version.equals(endpoint.webSecretVersion)) {
      endpoint.webSecretVersion = version;
      endpoint.webSecretProblem = loadWeb(endpoint, web, secret.get(), now);
    }
    endpoint.webProblem =
        endpoint.webSecretProblem != null
            ? endpoint.webSecretProblem
            : expired(endpoint.webCredential.get(), web, now);
  }

  /** Reads the web certificate into the endpoint; the problem with it when it is unusable. */
  private String loadWeb(Endpoint endpoint, EndpointConfig.Web web, Secret secret, Instant now) {
    ServingCredential credential;
    try {
      credential =
          ServingCredential.fromPem(
              CaSecrets.text(secret, "tls.crt"), CaSecrets.text(secret, "tls.key"));
    } catch (PkiException e) {
      return unusable(web, Text.cut(e.getMessage()));
    }
    if (credential.leaf().getBasicConstraints() >= 0) {
      // A CA's key signs certificates only; a listener never signs handshakes with it.
      return unusable(web, "its certificate is a CA certificate, not a server certificate");
    }
    String expired = expired(credential, web, now);
    if (expired != null) {
      return expired;
    }
    endpoint.webCredential.set(credential);
    log.info(
        "bundle endpoint of {}: https_web certificate {} from Secret {}",
        endpoint.config.trustDomain(),
        credential,
        web.secretName());
    return null;
  }

  private static String expired(ServingCredential credential, EndpointConfig.Web web, Instant now) {
    if (credential == null || now.isBefore(credential.leaf().getNotAfter().toInstant())) {
      return null;
    }
    return unusable(
        web, "its certificate expired at " + credential.leaf().getNotAfter().toInstant());
  }

  private static String unusable(EndpointConfig.Web web, String why) {
    return "spec.bundleEndpoint.web.secretName: Secret "
        + web.secretName()
        + " is unusable ("
        + why
        + "); put a current server certificate chain in tls.crt and its key in tls.key";
  }

  private void listen(Endpoint endpoint, Instant now) {
    if (endpoint.bundle.get() == null || endpoint.svid.get() == null) {
      return;
    }
    if (endpoint.bindRetryAt != null && now.isBefore(endpoint.bindRetryAt)) {
      return;
    }
    EndpointConfig config = endpoint.config;
    if (endpoint.spiffeAddress == null) {
      endpoint.spiffeAddress =
          bind(endpoint, config.port(), ServedTrustDomain.Profile.HTTPS_SPIFFE, endpoint.svid, now);
    }
    if (config.web().isPresent()
        && endpoint.webAddress == null
        && endpoint.webCredential.get() != null) {
      endpoint.webAddress =
          bind(
              endpoint,
              config.web().get().port(),
              ServedTrustDomain.Profile.HTTPS_WEB,
              endpoint.webCredential,
              now);
    }
  }

  private InetSocketAddress bind(
      Endpoint endpoint,
      int port,
      ServedTrustDomain.Profile profile,
      AtomicReference<ServingCredential> credential,
      Instant now) {
    InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), port);
    try {
      if (server == null) {
        server = BundleEndpointServer.create(serverSettings);
      }
      InetSocketAddress bound =
          server.serve(
              new ServedTrustDomain(
                  endpoint.config.trustDomain(),
                  address,
                  profile,
                  endpoint.bundle::get,
                  credential::get));
      endpoint.bindProblem = null;
      endpoint.bindRetryAt = null;
      return bound;
    } catch (IOException e) {
      String problem =
          "this replica cannot listen on "
              + address
              + " ("
              + Text.cut(ErrorMessages.describe(e.getCause() == null ? e : e.getCause()))
              + "); free the port or choose another one in spec.bundleEndpoint; tried again"
              + " every "
              + Durations.format(BIND_RETRY);
      if (!problem.equals(endpoint.bindProblem)) {
        log.warn("bundle endpoint of {}: {}", endpoint.config.trustDomain(), problem);
      }
      endpoint.bindProblem = problem;
      endpoint.bindRetryAt = now.plus(BIND_RETRY);
      return null;
    }
  }

  private void stopListeners(Endpoint endpoint) {
    if (server != null) {
      server.stop(endpoint.config.trustDomain(), ServedTrustDomain.Profile.HTTPS_SPIFFE);
      server.stop(endpoint.config.trustDomain(), ServedTrustDomain.Profile.HTTPS_WEB);
    }
  }

  /** Stops the check and every listener. */
  @Override
  public synchronized void close() {
    closed = true;
    if (loop != null) {
      loop.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    endpoints.clear();
  }

  /** One TrustDomain's endpoint on this replica. */
  private static final class Endpoint {
    EndpointConfig config;
    final AtomicReference<TrustBundle> bundle = new AtomicReference<>();
    final AtomicReference<ServingCredential> svid = new AtomicReference<>();
    final AtomicReference<ServingCredential> webCredential = new AtomicReference<>();
    String signedBy;
    Instant renewAt;
    String webSecretVersion;
    String webSecretProblem;
    String webProblem;
    String caProblem;
    String bindProblem;
    Instant bindRetryAt;
    InetSocketAddress spiffeAddress;
    InetSocketAddress webAddress;

    Endpoint(EndpointConfig config) {
      this.config = config;
    }
  }
}
