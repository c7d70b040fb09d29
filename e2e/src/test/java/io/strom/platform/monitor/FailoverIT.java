package io.strom.platform.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.platform.demo.DemoPlatform;
import io.strom.platform.process.ConnectWorker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover in seconds, measured the way an operator sees it: the demo's own pipeline (config/)
 * on three Connect worker processes; one is killed with SIGKILL mid-run; the clock runs until
 * every task it held is RUNNING on a live worker and moving records there again, as the demo's
 * Monitor samples them (REST status, the workers' own JMX task metrics). The bound, 15 s,
 * is the only timed assertion. It lives in the monitor's package to use the Monitor as it is.
 */
class FailoverIT {

  private static final Path HOME = Path.of(System.getProperty("strom.home"));
  private static final Path ARCHIVE = Path.of(System.getProperty("strom.archive"));
  private static final Duration BOUND = Duration.ofSeconds(15);
  private static final Duration WARM_UP = Duration.ofSeconds(25);

  @Test
  @Timeout(300)
  void aKilledWorkersTasksRunAndMoveRecordsOnTheOthersWithinFifteenSeconds(@TempDir Path tmp) throws Exception {
    PrintStream out = System.out;
    // -Dfailover.data.dir=DIR keeps the processes' logs there, to read what each worker did when.
    Path data = System.getProperty("failover.data.dir") != null ? Path.of(System.getProperty("failover.data.dir"))
        : tmp.resolve("data");
    try (DemoPlatform platform = DemoPlatform.start(HOME.resolve("config"), data, ARCHIVE, 3, out);
         Monitor monitor = platform.monitor()) {
      Snapshot before = warmUp(monitor);

      // The worker holding the most tasks; the clock starts when its process is gone.
      Map<String, String> victimTasks = new LinkedHashMap<>();
      String victim = busiestWorker(before);
      before.connectors().forEach(c -> c.tasks().stream().filter(t -> t.worker().equals(victim))
          .forEach(t -> victimTasks.put(c.name() + "/" + t.id(), c.type())));
      ConnectWorker killed = platform.workers().stream().filter(w -> w.id().equals(victim)).findFirst().orElseThrow();
      out.println("FAILOVER killing " + victim + " (pid " + killed.process().pid() + ") at " + java.time.Instant.now()
          + ", its tasks " + victimTasks.keySet());
      killed.process().kill();
      long killedAt = System.nanoTime();

      Snapshot first = monitor.sample();
      assertThat(first.workers()).as("the view right after the kill")
          .anySatisfy(w -> assertThat(w).isEqualTo(new Snapshot.WorkerState(victim, false, false)));
      assertThat(tasks(first).entrySet()).as("the killed worker's tasks, right after the kill")
          .filteredOn(e -> victimTasks.containsKey(e.getKey()))
          .allSatisfy(e -> assertThat(e.getValue().state()).isIn(Snapshot.LOST, "UNASSIGNED"));

      Map<String, Double> recoveredAfter = new HashMap<>();
      Snapshot last = first;
      long deadline = killedAt + TimeUnit.SECONDS.toNanos(90);
      while (recoveredAfter.size() < victimTasks.size() && System.nanoTime() < deadline) {
        Thread.sleep(250);
        last = monitor.sample();
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        tasks(last).forEach((task, state) -> {
          if (victimTasks.containsKey(task) && !recoveredAfter.containsKey(task) && state.state().equals("RUNNING")
              && !state.worker().equals(victim) && state.recordsPerSecond() > 0) {
            recoveredAfter.put(task, seconds);
          }
        });
      }
      SnapshotRenderer.headless(last, out);
      recoveredAfter.forEach((task, seconds) -> out.printf("FAILOVER task %s (%s) moving records again after %.1f s%n",
          task, victimTasks.get(task), seconds));
      double failover = recoveredAfter.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      out.printf("FAILOVER all %d tasks of the killed worker moving records again after %.1f s%n",
          victimTasks.size(), failover);

      assertThat(recoveredAfter.keySet()).as("tasks of the killed worker running and moving records again")
          .containsExactlyInAnyOrderElementsOf(victimTasks.keySet());
      assertThat(failover).as("seconds from the kill until the last of them moved records").isLessThanOrEqualTo(
          (double) BOUND.toSeconds());
    }
  }

  /** Runs until every task is RUNNING and has moved records, and at least WARM_UP has passed. */
  private static Snapshot warmUp(Monitor monitor) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(120);
    Map<String, Boolean> moved = new HashMap<>();
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      Snapshot s = monitor.sample();
      tasks(s).forEach((task, state) -> moved.merge(task, state.recordsPerSecond() > 0, Boolean::logicalOr));
      boolean allRunning = !s.connectors().isEmpty()
          && s.connectors().stream().allMatch(c -> c.tasks().size() > 0 && c.running() == c.tasks().size());
      if (allRunning && moved.values().stream().allMatch(b -> b)
          && System.nanoTime() - start >= WARM_UP.toNanos()) {
        SnapshotRenderer.headless(s, System.out);
        return s;
      }
    }
    throw new AssertionError("the pipeline did not get going within 120 s");
  }

  private static String busiestWorker(Snapshot s) {
    Map<String, Integer> counts = new HashMap<>();
    s.connectors().forEach(c -> c.tasks().forEach(t -> counts.merge(t.worker(), 1, Integer::sum)));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static Map<String, Snapshot.TaskState> tasks(Snapshot s) {
    Map<String, Snapshot.TaskState> tasks = new LinkedHashMap<>();
    s.connectors().forEach(c -> c.tasks().forEach(t -> tasks.put(c.name() + "/" + t.id(), t)));
    return tasks;
  }
}
