package dev.vsid.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vsid.operator.distribution.BundleContent;
import dev.vsid.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the bundle ConfigMaps of one name in every namespace and remembers, per namespace, the
 * {@code spiffe_sequence} its {@code bundle.json} holds: what a consumer of the ConfigMap reads.
 */
final class BundleSequenceWatch implements Watcher<ConfigMap>, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String configMapName;
  private final Map<String, Long> sequences = new ConcurrentHashMap<>();
  private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
  private final Object changed = new Object();
  private Watch watch;

  private BundleSequenceWatch(String configMapName) {
    this.configMapName = configMapName;
  }

  static BundleSequenceWatch start(KubernetesClient client, String configMapName) {
    BundleSequenceWatch sequences = new BundleSequenceWatch(configMapName);
    sequences.watch =
        client
            .configMaps()
            .inAnyNamespace()
            .withLabelSelector(Labels.BUNDLE_SELECTOR)
            .watch(sequences);
    return sequences;
  }

  @Override
  public void eventReceived(Action action, ConfigMap configMap) {
    if (!configMapName.equals(configMap.getMetadata().getName())) {
      return;
    }
    String namespace = configMap.getMetadata().getNamespace();
    if (action == Action.DELETED) {
      sequences.remove(namespace);
    } else {
      long sequence = sequence(configMap);
      sequences.put(namespace, sequence);
      firstSeen.putIfAbsent(sequence, System.nanoTime());
    }
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  /** The bundle.json sequence, or -1 when there is none or it cannot be read. */
  static long sequence(ConfigMap configMap) {
    String json =
        configMap.getData() == null ? null : configMap.getData().get(BundleContent.SPIFFE_KEY);
    if (json == null) {
      return -1;
    }
    try {
      JsonNode sequence = JSON.readTree(json).get("spiffe_sequence");
      return sequence != null && sequence.canConvertToLong() ? sequence.asLong() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@link System#nanoTime()} when the first ConfigMap with {@code sequence} was seen. */
  long firstSeen(long sequence) {
    return firstSeen.getOrDefault(sequence, -1L);
  }

  /** How many of {@code namespaces} hold {@code sequence} now. */
  int holding(Set<String> namespaces, long sequence) {
    int count = 0;
    for (String namespace : namespaces) {
      Long held = sequences.get(namespace);
      if (held != null && held == sequence) {
        count++;
      }
    }
    return count;
  }

  /**
   * Waits until every one of {@code namespaces} holds {@code sequence}; returns {@link
   * System#nanoTime()} at the moment that was seen.
   */
  long awaitAll(Set<String> namespaces, long sequence, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (holding(namespaces, sequence) < namespaces.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              holding(namespaces, sequence)
                  + " of "
                  + namespaces.size()
                  + " namespaces hold bundle sequence "
                  + sequence
                  + " after "
                  + timeout.toSeconds()
                  + " s");
        }
        changed.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
      }
      return System.nanoTime();
    }
  }

  @Override
  public void onClose(WatcherException cause) {
    if (cause != null) {
      System.err.println("the benchmark's ConfigMap watch closed: " + cause.getMessage());
    }
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
