package dev.vsid.operator.status;

import dev.vsid.operator.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and updates condition lists the Kubernetes way. */
public final class Conditions {
  private static final int MAX_MESSAGE = 2048;

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * Returns a copy of {@code current} with {@code next} in place of the condition of the same type
   * (at the same position, so the order of conditions stays stable), or added at the end. The last
   * transition time is kept when the status did not change.
   */
  public static List<Condition> with(List<Condition> current, Condition next, Clock clock) {
    Optional<Condition> previous = find(current, next.getType());
    boolean sameStatus = previous.map(p -> next.getStatus().equals(p.getStatus())).orElse(false);
    next.setLastTransitionTime(
        sameStatus && previous.get().getLastTransitionTime() != null
            ? previous.get().getLastTransitionTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    if (current != null) {
      for (Condition c : current) {
        if (next.getType().equals(c.getType())) {
          if (!replaced) {
            result.add(next);
            replaced = true;
          }
        } else {
          result.add(c);
        }
      }
    }
    if (!replaced) {
      result.add(next);
    }
    return result;
  }

  /** A copy of {@code current} without the condition of {@code type}. */
  public static List<Condition> without(List<Condition> current, String type) {
    if (current == null) {
      return List.of();
    }
    return current.stream().filter(c -> !type.equals(c.getType())).toList();
  }

  /** True when the condition of this type changed status or reason. */
  public static boolean changed(List<Condition> before, Condition after) {
    return find(before, after.getType())
        .map(
            p ->
                !after.getStatus().equals(p.getStatus())
                    || !after.getReason().equals(p.getReason()))
        .orElse(true);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
  }

  public static Condition ready(boolean ready, String reason, String message, Long generation) {
    return of(Condition.READY, ready, reason, message, generation);
  }

  public static Condition of(
      String type, boolean value, String reason, String message, Long generation) {
    String shown = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
    Condition c = new Condition(type, value ? Condition.TRUE : Condition.FALSE, reason, shown);
    c.setObservedGeneration(generation);
    return c;
  }
}
