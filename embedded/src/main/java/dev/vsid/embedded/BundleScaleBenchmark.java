package dev.vsid.embedded;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.distribution.BundleSettings;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Measures how the operator publishes one trust domain's bundle to many namespaces: time from
 * operator start until every namespace holds the bundle ConfigMap, time from a bundle change until
 * every ConfigMap holds the new sequence, the ConfigMap writes each phase cost (one per namespace
 * is the least possible), the writes an idle period, a full recheck and a restart cost (none is
 * right), and the operator's live heap. The API server runs in a child JVM ({@link ApiProcess}), so
 * the heap is the operator's own; the same API answers a plain loop of creates as a baseline.
 *
 * <p>Run: {@code java -cp embedded/target/vsid-embedded.jar dev.vsid.embedded.BundleScaleBenchmark
 * 2000}
 */
public final class BundleScaleBenchmark {
  static final String OPERATOR_NAMESPACE = "vsid-system";
  static final String TRUST_DOMAIN = "bench";
  static final String SELECTED_LABEL = "bench.vsid.dev/bundle";
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  static final Duration SETTLE = Duration.ofSeconds(2);
  static final Duration IDLE = Duration.ofSeconds(10);
  static final String CHANGED_REFRESH_HINT = "6m";
  static final long FIRST_SEQUENCE = 1;

  private final ApiProcess api;
  private final KubernetesClient client;
  private final BenchNamespaces namespaces;
  private final BundleBenchmarkReport report;
  private final OperatorSettings settings;
  private VsidOperator operator;

  private BundleScaleBenchmark(
      ApiProcess api, KubernetesClient client, int count, OperatorSettings settings) {
    this.api = api;
    this.client = client;
    this.settings = settings;
    this.namespaces = new BenchNamespaces(client, count, SELECTED_LABEL);
    this.report = new BundleBenchmarkReport(count, settings.bundleWriteConcurrency());
  }

  /**
   * Arguments: the number of namespaces (default 2000), and the operator's bundle write concurrency
   * (default: the operator's default).
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    OperatorSettings settings =
        OperatorSettings.defaults(OPERATOR_NAMESPACE).withServerSideApply(false);
    if (args.length > 1) {
      settings = settings.withBundleWriteConcurrency(Integer.parseInt(args[1]));
    }
    QuietLogs.apply();
    BundleBenchmarkReport report;
    Map<String, String> sample;
    try (ApiProcess api = ApiProcess.start();
        KubernetesClient client = BenchNamespaces.client(api.url())) {
      BundleScaleBenchmark benchmark = new BundleScaleBenchmark(api, client, count, settings);
      report = benchmark.run();
      sample = benchmark.sampleData();
      benchmark.closeOperator();
      report.totalRequests(api.stop());
    }
    report.baseline(ApiBaseline.run(count, sample));
    report.print(System.out);
  }

  private BundleBenchmarkReport run() throws Exception {
    namespaces.create(OPERATOR_NAMESPACE);
    createTrustDomain();
    String configMapName = BundleSettings.defaultConfigMapName(TRUST_DOMAIN);
    try (BundleSequenceWatch watch = BundleSequenceWatch.start(client, configMapName)) {
      report.heapBefore(LiveHeap.measure());
      publishToAll(watch);
      changeBundle(watch);
      report.heapWith(LiveHeap.measure());
      idleRecheckAndRestart();
    }
    return report;
  }

  /** Phase (a): operator start until every namespace holds the first bundle. */
  private void publishToAll(BundleSequenceWatch watch) throws Exception {
    ApiProcess.Counts before = api.counts();
    long start = System.nanoTime();
    startOperator();
    long started = System.nanoTime();
    long done = watch.awaitAll(namespaces.selected(), FIRST_SEQUENCE, TIMEOUT);
    long sequence = BundleBenchmarkWaits.inSync(client, TRUST_DOMAIN, namespaces.count(), 0);
    long statusDone = System.nanoTime();
    requireSequence(FIRST_SEQUENCE, sequence);
    Thread.sleep(SETTLE.toMillis());
    report.phase(
        "(a) operator start to all in sync",
        done - start,
        api.counts().since(before),
        "operator start() returned after " + BundleBenchmarkReport.seconds(started - start));
    report.note(
        "(a) first ConfigMap seen "
            + BundleBenchmarkReport.seconds(watch.firstSeen(sequence) - start)
            + " after start; status said in sync after "
            + BundleBenchmarkReport.seconds(statusDone - start));
    report.sequence(sequence);
  }

  /** Phase (b): a refresh hint change until every namespace holds the next sequence. */
  private void changeBundle(BundleSequenceWatch watch) throws Exception {
    long previous = report.sequence();
    ApiProcess.Counts before = api.counts();
    long start = System.nanoTime();
    patchSpec("{\"spec\":{\"bundle\":{\"refreshHint\":\"" + CHANGED_REFRESH_HINT + "\"}}}");
    long done = watch.awaitAll(namespaces.selected(), previous + 1, TIMEOUT);
    report.note(
        "(b) first ConfigMap updated "
            + BundleBenchmarkReport.seconds(watch.firstSeen(previous + 1) - start)
            + " after the change");
    requireSequence(
        previous + 1,
        BundleBenchmarkWaits.inSync(client, TRUST_DOMAIN, namespaces.count(), previous));
    Thread.sleep(SETTLE.toMillis());
    report.phase("(b) bundle change to all updated", done - start, api.counts().since(before), "");
    report.sequence(previous + 1);
  }

  /**
   * Phase (d): idle, then a spec change that leaves the bundle as it is (a full pass over every
   * namespace), then a restart against the same API followed by another such change.
   */
  private void idleRecheckAndRestart() throws Exception {
    ApiProcess.Counts before = api.counts();
    long start = System.nanoTime();
    Thread.sleep(IDLE.toMillis());
    recheck("25h");
    closeOperator();
    long restart = System.nanoTime();
    startOperator();
    recheck("26h");
    long rechecked = System.nanoTime();
    Thread.sleep(SETTLE.toMillis());
    report.phase(
        "(d) idle " + IDLE.toSeconds() + " s, recheck, restart, recheck",
        System.nanoTime() - start,
        api.counts().since(before),
        "restart to reconciled " + BundleBenchmarkReport.seconds(rechecked - restart));
  }

  /** Changes spec.svid.ttl (not part of the bundle) and waits until the operator has seen it. */
  private void recheck(String svidTtl) throws InterruptedException {
    TrustDomain patched = patchSpec("{\"spec\":{\"svid\":{\"ttl\":\"" + svidTtl + "\"}}}");
    BundleBenchmarkWaits.observed(client, TRUST_DOMAIN, patched.getMetadata().getGeneration());
  }

  private TrustDomain patchSpec(String mergePatch) {
    return client
        .resources(TrustDomain.class)
        .withName(TRUST_DOMAIN)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), mergePatch);
  }

  private static void requireSequence(long published, long reported) {
    if (published != reported) {
      throw new IllegalStateException(
          "the ConfigMaps hold sequence " + published + " but the status says " + reported);
    }
  }

  private void startOperator() {
    operator = new VsidOperator(client, settings, Clock.systemUTC());
    operator.start();
  }

  private void closeOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  private void createTrustDomain() {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName(TRUST_DOMAIN).build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain("bench.example");
    BundleSpec bundle = new BundleSpec();
    bundle.setNamespaceSelector(
        new LabelSelectorBuilder().withMatchLabels(Map.of(SELECTED_LABEL, "true")).build());
    spec.setBundle(bundle);
    td.setSpec(spec);
    client.resource(td).create();
  }

  /** The data of one published ConfigMap, for the baseline's writes to be the same size. */
  private Map<String, String> sampleData() {
    String first = namespaces.selected().iterator().next();
    return client
        .configMaps()
        .inNamespace(first)
        .withName(BundleSettings.defaultConfigMapName(TRUST_DOMAIN))
        .get()
        .getData();
  }
}
