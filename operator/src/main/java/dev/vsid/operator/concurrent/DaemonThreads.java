package dev.vsid.operator.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the operator's own pools: daemon threads, so that none of them keeps the JVM
 * alive after the operator is closed, named so that a thread dump says whose they are.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads named {@code prefix} followed by 1, 2, 3... in the order they are made. */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> daemon(task, prefix + count.incrementAndGet());
  }

  /** Threads all named {@code name}, for a pool of one. */
  public static ThreadFactory named(String name) {
    return task -> daemon(task, name);
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
