package dev.vsid.operator.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the trust domain controller last found for each TrustDomain resource on this replica: its CA
 * (loaded, or why not) and its bundle fan-out. Kept by resource name, labelled by trust domain
 * name; a TrustDomain that is deleted is forgotten.
 */
final class TrustDomainRecords {
  private final Map<String, CaRecord> cas = new ConcurrentHashMap<>();
  private final Map<String, FanOut> fanOuts = new ConcurrentHashMap<>();

  /**
   * The CA of one TrustDomain resource.
   *
   * @param trustDomain the trust domain's name; null when no CA was ever loaded
   * @param notAfter when the active CA expires, or the last one loaded did; null when none was
   * @param problem the Ready reason when no CA is loaded now; null when one is
   */
  record CaRecord(String trustDomain, Instant notAfter, String problem) {
    boolean loaded() {
      return problem == null;
    }

    boolean known() {
      return notAfter != null;
    }
  }

  /**
   * The latest bundle pass of one TrustDomain resource.
   *
   * @param startedAt when this replica first saw the sequence being published
   * @param syncedAt when every selected namespace first held it; null until then
   */
  record FanOut(
      String trustDomain,
      long sequence,
      int selected,
      int inSync,
      int failed,
      Instant startedAt,
      Instant syncedAt) {

    /** How long the sequence took to reach every namespace, or has taken so far. */
    double lagSeconds(Instant now) {
      Instant end = syncedAt == null ? now : syncedAt;
      return Math.max(0, end.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
  }

  void caLoaded(String resource, String trustDomain, Instant notAfter) {
    cas.put(resource, new CaRecord(trustDomain, notAfter, null));
  }

  /** Keeps the expiry of a CA loaded before: an expired CA is no longer loaded. */
  void caNotLoaded(String resource, String problem) {
    cas.compute(
        resource,
        (k, before) ->
            before == null
                ? new CaRecord(null, null, problem)
                : new CaRecord(before.trustDomain(), before.notAfter(), problem));
  }

  void bundlePass(
      String resource,
      String trustDomain,
      long sequence,
      int selected,
      int inSync,
      int failed,
      Instant now) {
    boolean complete = failed == 0 && inSync == selected;
    fanOuts.compute(
        resource,
        (k, before) -> {
          boolean same =
              before != null
                  && before.sequence() == sequence
                  && before.trustDomain().equals(trustDomain);
          Instant started = same ? before.startedAt() : now;
          Instant synced = same && before.syncedAt() != null ? before.syncedAt() : null;
          if (synced == null && complete) {
            synced = now;
          }
          return new FanOut(trustDomain, sequence, selected, inSync, failed, started, synced);
        });
  }

  void forget(String resource) {
    cas.remove(resource);
    fanOuts.remove(resource);
  }

  Optional<CaRecord> ca(String resource) {
    return Optional.ofNullable(cas.get(resource));
  }

  /** The records that know a CA's expiry, loaded now or before. */
  List<CaRecord> knownCas() {
    return cas.values().stream().filter(CaRecord::known).toList();
  }

  List<FanOut> fanOuts() {
    return List.copyOf(fanOuts.values());
  }
}
