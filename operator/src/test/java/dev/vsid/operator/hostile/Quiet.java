package dev.vsid.operator.hostile;

import static org.awaitility.Awaitility.await;

import dev.vsid.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/** Waits for the operator to settle, then watches what it writes while nothing changes. */
final class Quiet {
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final Duration MOST = Duration.ofSeconds(20);

  private Quiet() {}

  /** Waits up to {@code most} for {@code settled}; the checks that follow report what is not. */
  static void awaitSettled(Callable<Boolean> settled, Duration most) {
    try {
      await().atMost(most).pollInterval(Duration.ofMillis(500)).until(settled);
    } catch (ConditionTimeoutException e) {
      // each row's own check says which did not settle, and how
    }
  }

  /**
   * The operator's writes during {@code window}, measured once it has written nothing for a second
   * (its last Events and statuses of the settling are not counted).
   */
  static List<String> writesDuringIdleWindow(OperatorHarness harness, Duration window)
      throws InterruptedException {
    awaitNoWrites(harness);
    int before = writes(harness).size();
    Thread.sleep(window.toMillis());
    List<String> all = writes(harness);
    return List.copyOf(all.subList(before, all.size()));
  }

  private static void awaitNoWrites(OperatorHarness harness) {
    int[] last = {writes(harness).size()};
    long[] since = {System.nanoTime()};
    try {
      await()
          .atMost(MOST)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                int now = writes(harness).size();
                if (now != last[0]) {
                  last[0] = now;
                  since[0] = System.nanoTime();
                }
                return System.nanoTime() - since[0] >= QUIET.toNanos();
              });
    } catch (ConditionTimeoutException e) {
      // a write loop: the idle window that follows shows it
    }
  }

  private static List<String> writes(OperatorHarness harness) {
    return harness.cluster().writesBy(harness.operatorAgent(), r -> true);
  }
}
