package dev.vsid.operator.testing;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts the outcomes of a fuzz run by reason, and logs them with the seed and the time taken. */
public final class FuzzTally {
  private static final Logger log = LoggerFactory.getLogger(FuzzTally.class);

  private final String name;
  private final long seed;
  private final long start = System.nanoTime();
  private final Map<String, Integer> outcomes = new TreeMap<>();

  public FuzzTally(String name, long seed) {
    this.name = name;
    this.seed = seed;
  }

  public void count(String outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

  public Map<String, Integer> outcomes() {
    return Map.copyOf(outcomes);
  }

  /** Logs the tally at WARN, so it shows with the project's default log levels. */
  public void report() {
    long millis = (System.nanoTime() - start) / 1_000_000;
    int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
    log.warn("{}: {} mutations, seed {}, {} ms: {}", name, total, seed, millis, outcomes);
  }
}
