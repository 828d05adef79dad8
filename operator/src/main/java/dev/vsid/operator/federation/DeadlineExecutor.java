package dev.vsid.operator.federation;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of worker threads in which each task may run for at most a deadline; then its thread
 * is interrupted.
 *
 * <p>Why: the JDK's HTTPS server runs the TLS handshake and reads the request on a worker, on a
 * channel in blocking mode, and (as of Java 17) never times such a read out. One client that sends
 * a few bytes and stalls would hold a worker forever, and a few such clients would hold them all.
 * Interrupting a thread blocked on a channel read closes that channel ({@link
 * java.nio.channels.ClosedByInterruptException}), which ends the exchange and frees the worker.
 * Waiting tasks queue without bound; each is bounded in time once it runs.
 */
final class DeadlineExecutor implements Executor, AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor alarms;
  private final long deadlineMillis;

  DeadlineExecutor(int threads, Duration deadline, String name) {
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemons(name + "-worker-"));
    this.alarms = new ScheduledThreadPoolExecutor(1, daemons(name + "-deadline-"));
    this.alarms.setRemoveOnCancelPolicy(true);
    this.deadlineMillis = deadline.toMillis();
  }

  @Override
  public void execute(Runnable task) {
    workers.execute(() -> runBounded(task));
  }

  @Override
  public void close() {
    workers.shutdownNow();
    alarms.shutdownNow();
  }

  private void runBounded(Runnable task) {
    Exchange exchange = new Exchange(Thread.currentThread());
    ScheduledFuture<?> alarm =
        alarms.schedule(exchange::interruptIfRunning, deadlineMillis, TimeUnit.MILLISECONDS);
    try {
      task.run();
    } finally {
      alarm.cancel(false);
      exchange.finish();
    }
  }

  /** One task's worker; the lock makes sure an interrupt never outlives its task. */
  private static final class Exchange {
    private final Thread worker;
    private boolean running = true;

    Exchange(Thread worker) {
      this.worker = worker;
    }

    synchronized void interruptIfRunning() {
      if (running) {
        running = false;
        worker.interrupt();
      }
    }

    synchronized void finish() {
      if (!running) {
        Thread.interrupted();
      }
      running = false;
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
