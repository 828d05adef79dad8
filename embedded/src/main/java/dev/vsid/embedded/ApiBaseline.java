package dev.vsid.embedded;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the in-memory API itself costs: the same number of ConfigMap creates, then updates, of the
 * same size as the operator's, sent by a plain loop with no operator running. Each run uses a fresh
 * API in a child JVM holding the same namespaces, so the store is as large as in the benchmark.
 */
final class ApiBaseline {
  private static final String NAME = "baseline-bundle";

  /** One timed loop. */
  record Loop(String what, int threads, int requests, long nanos) {}

  private ApiBaseline() {}

  static List<Loop> run(int count, Map<String, String> data) throws Exception {
    List<Loop> loops = new ArrayList<>();
    for (int threads : new int[] {1, 8}) {
      try (ApiProcess api = ApiProcess.start();
          KubernetesClient client = BenchNamespaces.client(api.url())) {
        BenchNamespaces namespaces = new BenchNamespaces(client, count, "bench");
        namespaces.create();
        List<ConfigMap> created = new ArrayList<>();
        long start = System.nanoTime();
        runAll(threads, namespaces.selected(), ns -> create(client, ns, data, created));
        loops.add(new Loop("creates", threads, count, System.nanoTime() - start));
        start = System.nanoTime();
        runAll(threads, List.copyOf(created), cm -> update(client, cm));
        loops.add(new Loop("updates", threads, count, System.nanoTime() - start));
        api.stop();
      }
    }
    return loops;
  }

  private static void create(
      KubernetesClient client, String namespace, Map<String, String> data, List<ConfigMap> all) {
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(NAME)
            .endMetadata()
            .withData(data)
            .build();
    ConfigMap created = client.configMaps().inNamespace(namespace).resource(configMap).create();
    synchronized (all) {
      all.add(created);
    }
  }

  private static void update(KubernetesClient client, ConfigMap configMap) {
    Map<String, String> data = new HashMap<>(configMap.getData());
    data.put("changed", "yes");
    configMap.setData(data);
    client
        .configMaps()
        .inNamespace(configMap.getMetadata().getNamespace())
        .resource(configMap)
        .update();
  }

  private interface Task<T> {
    void run(T item) throws Exception;
  }

  private static <T> void runAll(int threads, Iterable<T> items, Task<T> task) throws Exception {
    if (threads == 1) {
      for (T item : items) {
        task.run(item);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(
            pool.submit(
                () -> {
                  task.run(item);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
