package dev.vsid.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.federation.FederatedTrustDomainReconciler.Loaded;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool that runs bundle endpoint fetches away from the reconcile threads: one fetch per
 * resource at a time, outcomes handed out once and only to the basis they were started from, and
 * forgotten fetches that never run or are interrupted.
 */
class FetchRunnerTest {
  private static final ResourceID A = new ResourceID("a");
  private static final ResourceID B = new ResourceID("b");
  private static final FetchRunner.Basis FIRST = new FetchRunner.Basis("uid-1", 1L, null, null);
  private static final Loaded LOADED =
      new Loaded(
          FederationFixtures.bundleOf(FederationFixtures.newCa(FederationFixtures.TD_A)),
          Optional.of(Duration.ofMinutes(5)),
          "a test");

  private final List<ResourceID> woken = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private FetchRunner runner = new FetchRunner(2, woken::add);

  @AfterEach
  void close() {
    release.countDown();
    runner.close();
  }

  @Test
  void aFetchUnderWayIsNotStartedTwiceAndItsOutcomeIsHandedOutOnce() {
    AtomicInteger runs = new AtomicInteger();
    FetchRunner.Fetch fetch = () -> blockThen(runs, LOADED);
    runner.start(A, FIRST, fetch);
    runner.start(A, FIRST, fetch);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    runner.start(A, FIRST, fetch);

    assertThat(runner.take(A, FIRST)).as("outcome while running").isEmpty();
    assertThat(runner.holds(A)).isTrue();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.contains(A));

    assertThat(runner.take(A, FIRST)).hasValueSatisfying(o -> assertThat(o.loaded()).isNotNull());
    assertThat(runner.take(A, FIRST)).as("the same outcome again").isEmpty();
    assertThat(runner.holds(A)).isFalse();
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void anOutcomeIsKeptBeforeTheResourceIsWoken() {
    List<Optional<FetchRunner.Outcome>> seenWhenWoken = new CopyOnWriteArrayList<>();
    runner.close();
    runner = new FetchRunner(1, id -> seenWhenWoken.add(runner.take(id, FIRST)));

    runner.start(A, FIRST, () -> LOADED);

    await().atMost(Duration.ofSeconds(5)).until(() -> seenWhenWoken.size() == 1);
    assertThat(seenWhenWoken.get(0)).isPresent();
  }

  @Test
  void anOutcomeOfAnotherSpecGenerationOrResourceIsDropped() {
    runner.start(A, FIRST, () -> LOADED);
    runner.start(B, FIRST, () -> LOADED);
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.containsAll(List.of(A, B)));

    assertThat(runner.take(A, new FetchRunner.Basis("uid-1", 2L, null, null))).isEmpty();
    assertThat(runner.take(B, new FetchRunner.Basis("uid-2", 1L, null, null))).isEmpty();
    assertThat(runner.holds(A)).isFalse();
    assertThat(runner.holds(B)).isFalse();
    assertThat(runner.take(A, FIRST)).as("dropped, not kept for a later look").isEmpty();
  }

  @Test
  void anOutcomeStartedFromAnotherBundleInUseIsDropped() {
    runner.start(A, FIRST, () -> LOADED);
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.contains(A));

    assertThat(runner.take(A, new FetchRunner.Basis("uid-1", 1L, "{\"keys\":[]}", 3L))).isEmpty();
    assertThat(runner.holds(A)).isFalse();
  }

  @Test
  void aForgottenFetchIsInterruptedAndAQueuedOneNeverRuns() {
    runner.close();
    runner = new FetchRunner(1, woken::add);
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger queuedRuns = new AtomicInteger();
    runner.start(
        A,
        FIRST,
        () -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw new BundleFetchException(FetchFailure.INTERRUPTED, "interrupted");
          }
          return LOADED;
        });
    runner.start(B, FIRST, () -> blockThen(queuedRuns, LOADED));
    awaitLatch(running);

    runner.forget(B);
    runner.forget(A);

    await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.get() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.contains(A));
    assertThat(runner.holds(A)).isFalse();
    assertThat(runner.take(A, FIRST)).isEmpty();
    runner.start(A, FIRST, () -> LOADED);
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 2);
    assertThat(queuedRuns.get()).as("runs of the forgotten queued fetch").isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void fetchesOfGoneResourcesAreForgotten() {
    runner.start(A, FIRST, () -> LOADED);
    runner.start(B, new FetchRunner.Basis("uid-b", 1L, null, null), () -> LOADED);
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.size() == 2);

    runner.forgetIf((id, uid) -> "uid-b".equals(uid));

    assertThat(runner.holds(A)).isTrue();
    assertThat(runner.holds(B)).isFalse();
  }

  @Test
  void fetchesRunOnABoundedPoolOfNamedDaemonThreads() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger atOnce = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    for (int i = 0; i < 6; i++) {
      runner.start(
          new ResourceID("r" + i),
          FIRST,
          () -> {
            threads.add(Thread.currentThread());
            most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            atOnce.decrementAndGet();
            return LOADED;
          });
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> woken.size() == 6);

    assertThat(most.get()).as("fetches at once").isEqualTo(2);
    assertThat(threads)
        .hasSize(2)
        .allSatisfy(
            t -> {
              assertThat(t.getName()).startsWith("vsid-bundle-fetch-");
              assertThat(t.isDaemon()).isTrue();
            });
  }

  @Test
  void aFetchThatThrowsUnexpectedlyHandsOutItsException() {
    runner.start(
        A,
        FIRST,
        () -> {
          throw new IllegalStateException("unexpected");
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> woken.contains(A));

    FetchRunner.Outcome outcome = runner.take(A, FIRST).orElseThrow();
    assertThatThrownBy(outcome::get).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingStopsRunningFetchesAndRefusesNewOnes() {
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    runner.start(
        A,
        FIRST,
        () -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
          }
          return LOADED;
        });
    awaitLatch(running);

    runner.close();

    assertThat(interrupted.get()).isEqualTo(1);
    runner.start(B, FIRST, () -> LOADED);
    assertThat(runner.holds(B)).isFalse();
  }

  private Loaded blockThen(AtomicInteger runs, Loaded loaded) throws BundleFetchException {
    runs.incrementAndGet();
    try {
      release.await();
    } catch (InterruptedException e) {
      throw new BundleFetchException(FetchFailure.INTERRUPTED, "interrupted");
    }
    return loaded;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
