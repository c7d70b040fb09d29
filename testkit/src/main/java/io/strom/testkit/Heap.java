package io.strom.testkit;

/** The heap some state retains, measured as used heap after collections (benchmarks and hand-run memory measurements). */
public final class Heap {

  private Heap() {
  }

  /** The least used heap over four collections 100 ms apart (one collection may leave garbage behind). */
  public static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
