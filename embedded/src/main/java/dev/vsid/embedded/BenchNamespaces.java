package dev.vsid.embedded;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The namespaces of a benchmark: {@code bench-00000} and on, each with the selecting label. */
final class BenchNamespaces {
  private static final int CREATE_THREADS = 4;

  private final KubernetesClient client;
  private final Set<String> selected;
  private final String label;

  BenchNamespaces(KubernetesClient client, int count, String label) {
    this.client = client;
    this.label = label;
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      names.add(String.format(Locale.ROOT, "bench-%05d", i));
    }
    this.selected = Set.copyOf(names);
  }

  /** A client for a benchmark's API, with a timeout long enough for a busy in-memory API. */
  static KubernetesClient client(String url) {
    Config config = new ConfigBuilder().withMasterUrl(url).withRequestTimeout(60_000).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  int count() {
    return selected.size();
  }

  /** The labelled namespaces, unordered. */
  Set<String> selected() {
    return selected;
  }

  /** Creates the labelled namespaces and {@code others}, which carry no label. */
  void create(String... others) throws Exception {
    for (String other : others) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
          .create();
    }
    ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (String name : selected) {
        created.add(pool.submit(() -> createLabelled(name)));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private void createLabelled(String name) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(label, "true"))
                .endMetadata()
                .build())
        .create();
  }
}
