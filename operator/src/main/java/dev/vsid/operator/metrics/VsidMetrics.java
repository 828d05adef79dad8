package dev.vsid.operator.metrics;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.status.Reasons;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every metric the operator exports, registered here and nowhere else; components record into it.
 * Labels are few and bounded: a trust domain (TrustDomains and FederatedTrustDomains are
 * cluster-scoped, created by administrators), a reason from a fixed list, a result. Never a
 * namespace or the name of an identity.
 *
 * <p>Gauges that describe state are computed when {@link #scrape()} is called, from what the
 * components recorded and from the informer caches given to {@link #readingCaches}.
 */
public final class VsidMetrics {
  static final String TRUST_DOMAIN = "trust_domain";
  static final String REASON = "reason";
  static final String RESULT = "result";

  /** Ready reasons that mean the CA of a TrustDomain could not be loaded or used. */
  private static final Set<String> CA_LOAD_FAILURES =
      Set.of(
          Reasons.CA_SECRET_INVALID,
          Reasons.CA_EXPIRED,
          Reasons.PROVIDED_CA_INVALID,
          Reasons.PROVIDED_CA_NOT_FOUND);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final TrustDomainRecords trustDomains = new TrustDomainRecords();
  private final Timer signing;
  private final MultiGauge svidExpiry;
  private final MultiGauge caExpiry;
  private final MultiGauge bundleSequence;
  private final MultiGauge bundleSelected;
  private final MultiGauge bundleInSync;
  private final MultiGauge bundleFailed;
  private final MultiGauge bundleLag;
  private final MultiGauge foreignBundleAge;
  private volatile Supplier<Map<String, Instant>> svidExpiries = Map::of;
  private volatile Supplier<Map<String, Instant>> foreignBundles = Map::of;

  /**
   * @param clock the clock expiries and ages are measured with
   */
  public VsidMetrics(Clock clock) {
    this.clock = clock;
    signing =
        Timer.builder("vsid.svid.signing")
            .description("Time to generate an SVID's key and sign its certificate")
            .serviceLevelObjectives(
                millis(1),
                millis(2),
                millis(5),
                millis(10),
                millis(25),
                millis(50),
                millis(100),
                millis(250),
                millis(1000))
            .register(registry);
    svidExpiry = seconds("vsid.svid.earliest.expiry", "Seconds until the earliest SVID expires");
    caExpiry =
        seconds(
            "vsid.ca.expiry",
            "Seconds until the trust domain's active CA expires (negative once it has)");
    bundleSequence = gauge("vsid.bundle.sequence", "Sequence of the bundle being published");
    bundleSelected =
        gauge("vsid.bundle.namespaces.selected", "Namespaces the bundle selector picks");
    bundleInSync =
        gauge("vsid.bundle.namespaces.in.sync", "Selected namespaces holding the current bundle");
    bundleFailed =
        gauge("vsid.bundle.namespaces.failed", "Selected namespaces the bundle could not reach");
    bundleLag =
        seconds(
            "vsid.bundle.sync.lag",
            "Seconds from the start of publishing the current bundle sequence until every"
                + " selected namespace held it (growing while it does not)");
    foreignBundleAge =
        seconds("vsid.federated.bundle.age", "Seconds since a foreign bundle was last accepted");
  }

  private static Duration millis(long value) {
    return Duration.ofMillis(value);
  }

  private MultiGauge seconds(String name, String description) {
    return MultiGauge.builder(name).description(description).baseUnit("seconds").register(registry);
  }

  private MultiGauge gauge(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** The SDK's reconcile metrics, aggregated per controller (no per-resource series). */
  public Metrics operatorMetrics() {
    return MicrometerMetrics.withoutPerResourceMetrics(registry);
  }

  /**
   * Reads state gauges from caches at each scrape.
   *
   * @param svidExpiries when the earliest SVID of each trust domain expires
   * @param foreignBundles when the bundle of each foreign trust domain was last accepted
   */
  public void readingCaches(
      Supplier<Map<String, Instant>> svidExpiries, Supplier<Map<String, Instant>> foreignBundles) {
    this.svidExpiries = svidExpiries;
    this.foreignBundles = foreignBundles;
  }

  /** 1 while this replica leads (or leader election is off), else 0. */
  public void leadership(BooleanSupplier leading) {
    Gauge.builder("vsid.leader", () -> leading.getAsBoolean() ? 1 : 0)
        .description("1 while this replica holds the Lease and reconciles, else 0")
        .register(registry);
  }

  /** An SVID was written; {@code reason} is why (first_issue, renewal, ca_rotation, ...). */
  public void svidIssued(String trustDomain, String reason) {
    Counter.builder("vsid.svids.issued")
        .description("SVIDs issued into Secrets, by why they were issued")
        .tags(TRUST_DOMAIN, trustDomain, REASON, reason)
        .register(registry)
        .increment();
  }

  /** An identity was not issued its SVID; {@code reason} is the CamelCase Ready reason. */
  public void issuanceFailed(String reason) {
    Counter.builder("vsid.svid.issuance.failures")
        .description("Reconciles of an identity that ended without a valid SVID, by reason")
        .tags(REASON, reason)
        .register(registry)
        .increment();
  }

  /** Times the signing step. */
  public Timer signing() {
    return signing;
  }

  /** A bundle fetch from a foreign trust domain's endpoint ended. */
  public void federatedFetch(String trustDomain, boolean succeeded) {
    Counter.builder("vsid.federated.bundle.fetches")
        .description("Fetches of foreign bundles from their bundle endpoints, by result")
        .tags(TRUST_DOMAIN, trustDomain, RESULT, succeeded ? "success" : "failure")
        .register(registry)
        .increment();
  }

  /**
   * The trust domain controller looked at a TrustDomain: {@code ca} is its active CA, or null when
   * none could be loaded, for {@code reason}.
   */
  public void trustDomainChecked(String resource, CertificateAuthority ca, String reason) {
    if (ca == null) {
      trustDomains.caNotLoaded(resource, reason);
    } else {
      trustDomains.caLoaded(resource, ca.trustDomain().name(), ca.notAfter());
    }
  }

  /** A bundle pass of a TrustDomain ended with these counts. */
  public void bundlePass(
      String resource, String trustDomain, long sequence, int selected, int inSync, int failed) {
    trustDomains.bundlePass(
        resource, trustDomain, sequence, selected, inSync, failed, clock.instant());
  }

  /** A TrustDomain was deleted: its series go. */
  public void trustDomainDeleted(String resource) {
    trustDomains.forget(resource);
  }

  /**
   * Why the CA of the TrustDomain {@code resource} is not loaded on this replica, when that is for
   * a reason of the CA (the CA Secret or a provided CA is unusable or gone, the CA expired) or the
   * trust domain controller has not loaded it yet. Empty when it is loaded, or when the TrustDomain
   * is refused for its spec (it has no CA to load).
   */
  public Optional<String> caLoadProblem(String resource) {
    var record = trustDomains.ca(resource);
    if (record.isEmpty()) {
      return Optional.of("NotLoadedYet");
    }
    String problem = record.get().problem();
    return !record.get().loaded() && CA_LOAD_FAILURES.contains(problem)
        ? Optional.of(problem)
        : Optional.empty();
  }

  /** The registry, for tests and for meters of other libraries. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric, with state gauges brought up to date. */
  public synchronized String scrape() {
    refresh();
    return registry.scrape();
  }

  private void refresh() {
    Instant now = clock.instant();
    svidExpiry.register(untilEach(svidExpiries.get(), now), true);
    foreignBundleAge.register(sinceEach(foreignBundles.get(), now), true);
    caExpiry.register(
        rows(
            trustDomains.knownCas(),
            TrustDomainRecords.CaRecord::trustDomain,
            r -> secondsBetween(now, r.notAfter())),
        true);
    List<TrustDomainRecords.FanOut> fanOuts = trustDomains.fanOuts();
    bundleSequence.register(rows(fanOuts, f -> f.trustDomain(), f -> f.sequence()), true);
    bundleSelected.register(rows(fanOuts, f -> f.trustDomain(), f -> f.selected()), true);
    bundleInSync.register(rows(fanOuts, f -> f.trustDomain(), f -> f.inSync()), true);
    bundleFailed.register(rows(fanOuts, f -> f.trustDomain(), f -> f.failed()), true);
    bundleLag.register(rows(fanOuts, f -> f.trustDomain(), f -> f.lagSeconds(now)), true);
  }

  private static List<MultiGauge.Row<?>> untilEach(Map<String, Instant> times, Instant now) {
    return rows(
        List.copyOf(times.entrySet()), Map.Entry::getKey, e -> secondsBetween(now, e.getValue()));
  }

  private static List<MultiGauge.Row<?>> sinceEach(Map<String, Instant> times, Instant now) {
    return rows(
        List.copyOf(times.entrySet()), Map.Entry::getKey, e -> secondsBetween(e.getValue(), now));
  }

  /** One row per trust domain; should two records name the same one, the first is kept. */
  private static <T> List<MultiGauge.Row<?>> rows(
      List<T> records, Function<T, String> trustDomain, ToDoubleFunction<T> value) {
    Map<String, Double> values = new java.util.TreeMap<>();
    for (T record : records) {
      values.putIfAbsent(trustDomain.apply(record), value.applyAsDouble(record));
    }
    return values.entrySet().stream()
        .<MultiGauge.Row<?>>map(
            e -> MultiGauge.Row.of(Tags.of(TRUST_DOMAIN, e.getKey()), e.getValue()))
        .toList();
  }

  private static double secondsBetween(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
