package dev.vsid.embedded;

import dev.vsid.operator.VsidOperator;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures how long the operator takes to bring N new WorkloadIdentities to Ready, and how much
 * heap it holds afterwards. The API server runs in a child JVM ({@link ScaleBenchmarkApi}), so the
 * heap figure is the operator's own and not the in-memory store's.
 *
 * <p>Run: {@code java -cp embedded/target/vsid-embedded.jar dev.vsid.embedded.ScaleBenchmark 500}
 */
public final class ScaleBenchmark {
  private static final int CREATE_THREADS = 4;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    QuietLogs.apply();
    try (ApiProcess api = ApiProcess.start()) {
      run(api.url(), count);
      System.out.println("API requests served in all: " + api.stop());
    }
  }

  private static void run(String url, int count) throws Exception {
    Config config = new ConfigBuilder().withMasterUrl(url).withRequestTimeout(60_000).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      prepare(client);
      long heapBefore = LiveHeap.measure();
      OperatorSettings settings =
          OperatorSettings.defaults("vsid-system").withServerSideApply(false);
      try (VsidOperator operator = new VsidOperator(client, settings, Clock.systemUTC())) {
        operator.start();
        awaitTrustDomainReady(client);
        long start = System.nanoTime();
        createIdentities(client, count);
        long applied = System.nanoTime();
        awaitAllReady(client, count);
        long ready = System.nanoTime();
        report(count, start, applied, ready, heapBefore, LiveHeap.measure());
      }
    }
  }

  private static void prepare(KubernetesClient client) {
    for (String ns : List.of("vsid-system", "bench")) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName("bench").build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain("bench.example");
    td.setSpec(spec);
    client.resource(td).create();
  }

  private static void awaitTrustDomainReady(KubernetesClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      TrustDomain td = client.resources(TrustDomain.class).withName("bench").get();
      if (td.getStatus() != null
          && Conditions.isTrue(td.getStatus().getConditions(), Condition.READY)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the trust domain did not become ready");
  }

  private static void createIdentities(KubernetesClient client, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = String.format(Locale.ROOT, "app-%05d", i);
        created.add(pool.submit(() -> client.resource(identity(name)).create()));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static WorkloadIdentity identity(String name) {
    WorkloadIdentity wi = new WorkloadIdentity();
    wi.setMetadata(new ObjectMetaBuilder().withNamespace("bench").withName(name).build());
    WorkloadIdentitySpec spec = new WorkloadIdentitySpec();
    spec.setTrustDomain("bench");
    spec.setServiceAccountName(name);
    wi.setSpec(spec);
    return wi;
  }

  private static void awaitAllReady(KubernetesClient client, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      long ready =
          client.resources(WorkloadIdentity.class).inNamespace("bench").list().getItems().stream()
              .filter(
                  wi ->
                      wi.getStatus() != null
                          && Conditions.isTrue(wi.getStatus().getConditions(), Condition.READY))
              .count();
      if (ready == count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("not every identity became ready within " + TIMEOUT);
  }

  private static void report(
      int count, long start, long applied, long ready, long heapBefore, long heapAfter) {
    double total = (ready - start) / 1e9;
    System.out.printf(Locale.ROOT, "identities:                         %d%n", count);
    System.out.printf(
        Locale.ROOT, "creating them took:                 %.2f s%n", (applied - start) / 1e9);
    System.out.printf(
        Locale.ROOT, "first create to all Ready:          %.2f s (%.0f/s)%n", total, count / total);
    System.out.printf(
        Locale.ROOT, "last create to all Ready:           %.2f s%n", (ready - applied) / 1e9);
    System.out.printf(
        Locale.ROOT, "live heap before operator start:    %.1f MB%n", heapBefore / 1e6);
    System.out.printf(
        Locale.ROOT, "live heap with %d identities:      %.1f MB%n", count, heapAfter / 1e6);
    System.out.printf(
        Locale.ROOT,
        "operator's share per identity:      %.1f KB%n",
        (heapAfter - heapBefore) / 1e3 / count);
  }
}
