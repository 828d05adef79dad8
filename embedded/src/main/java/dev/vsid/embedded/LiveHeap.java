package dev.vsid.embedded;

import java.lang.management.ManagementFactory;

/** Heap in use after full collections: close to the live set, unlike a raw reading. */
final class LiveHeap {
  private LiveHeap() {}

  static long measure() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
