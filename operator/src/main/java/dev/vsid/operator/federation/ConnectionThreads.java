package dev.vsid.operator.federation;

import dev.vsid.operator.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of a server's connections, one per open connection, and the alarms that bound them.
 * {@link ConnectionLimits} admits at most {@code maxConnections} connections, so at most that many
 * threads are busy; the pool's ceiling is twice that to leave room for threads that have finished a
 * connection but not yet come back for the next one. {@code idle} threads stay when there is
 * nothing to do; the others end after a minute idle.
 */
final class ConnectionThreads implements AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor alarms;

  ConnectionThreads(int idle, int maxConnections, String name) {
    int ceiling = Math.max(idle, 2 * maxConnections);
    this.workers =
        new ThreadPoolExecutor(
            Math.min(idle, ceiling),
            ceiling,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreads.numbered(name + "-connection-"));
    this.alarms = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered(name + "-deadline-"));
    this.alarms.setRemoveOnCancelPolicy(true);
  }

  /** Runs {@code connection} on a thread of its own; false when no thread can be had. */
  boolean run(Runnable connection) {
    try {
      workers.execute(connection);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs {@code action} once after {@code delay}, unless cancelled. */
  ScheduledFuture<?> alarm(Duration delay, Runnable action) {
    return alarms.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    alarms.shutdownNow();
  }
}
