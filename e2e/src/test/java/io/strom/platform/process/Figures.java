package io.strom.platform.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;

/**
 * The measured figures of one fault run (records, time to recover, sink lag peak, worker heap
 * peak), printed as {@code FIGURE run name value} lines and appended to
 * {@code target/fault-figures.txt}, which docs/reliability.md quotes.
 */
final class Figures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FILE = Path.of("target", "fault-figures.txt");

  private final MeasuredRun run;
  private final FaultPlatform platform;
  private final long started = System.nanoTime();
  private long lagPeak;
  private long heapPeak;
  private int failedTasksRestarted;
  private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();
  private long lastProduced = -1;
  private long producedAt = System.nanoTime();

  Figures(MeasuredRun run, FaultPlatform platform) {
    this.run = run;
    this.platform = platform;
  }

  /**
   * Samples the sink's lag and the workers' heap, and restarts a FAILED source task as an operator
   * would (Connect never restarts one by itself; docs/reliability.md names the two exactly-once
   * source failures that need it). A failed sink task is left failed: the sink must survive
   * every fault here on its own, and the run then fails its recovery wait. Call about once a second.
   */
  void sample() {
    if (run.sourceConnector() != null) {
      failedTasksRestarted += platform.restartFailedTasks(run.sourceConnector());
      reportStalledSource();
    }
    lagPeak = Math.max(lagPeak, run.sinkLag());
    for (long heap : platform.workerHeaps()) {
      heapPeak = Math.max(heapPeak, heap);
    }
  }

  /**
   * Once the source's topic has not grown for {@link #STALL_NANOS} while readings are still to
   * come, prints the transactions that hold the offsets topic (docs/reliability.md, Known limits:
   * after a broker restart, Connect's offset readers have been seen to wait for minutes behind
   * one). Only a diagnosis: the run then fails its wait as it would have.
   */
  private void reportStalledSource() {
    long produced = run.produced();
    long now = System.nanoTime();
    if (produced < 0 || produced != lastProduced || produced >= run.records()) {
      lastProduced = produced;
      producedAt = now;
    } else if (now - producedAt > STALL_NANOS) {
      System.out.println(run.name() + ": the source produced nothing for " + STALL_NANOS / 1_000_000_000L + " s: "
          + run.statuses());
      platform.printHangingTransactions(run.sourceConnector(), FaultRun.SOURCE_TASKS, STALL_NANOS / 1_000_000);
      producedAt = now;
    }
  }

  long lagPeak() {
    return lagPeak;
  }

  long heapPeak() {
    return heapPeak;
  }

  /** {@code kill -9} s a worker mid-run, waits until the run recovers; prints and returns the failover time. */
  Duration killWorkerAndAwaitFailover(int worker) {
    long landed = run.landed();
    long fault = System.nanoTime();
    platform.killWorker(worker);
    Duration failover = awaitRecovered(fault, landed, Duration.ofSeconds(120));
    print("failover", seconds(failover));
    return failover;
  }

  /**
   * Waits until every task of the run's connectors is RUNNING on a live worker and more input
   * has landed than {@code landedAtFault}; returns the time since {@code faultNanos}.
   */
  Duration awaitRecovered(long faultNanos, long landedAtFault, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      sample();
      long landed = run.landed();
      if (tasksRunningOnLiveWorkers() && (landed > landedAtFault || landed >= run.records())) {
        return Duration.ofNanos(System.nanoTime() - faultNanos);
      }
      FaultPlatform.sleep(250);
    }
    throw new AssertionError(run.name() + ": not recovered within " + timeout.toSeconds() + " s: " + run.statuses());
  }

  private boolean tasksRunningOnLiveWorkers() {
    Set<String> live = platform.liveWorkerIds();
    for (String connector : run.connectors()) {
      try {
        JsonNode status = JSON.readTree(platform.status(connector));
        JsonNode tasks = status.path("tasks");
        if (tasks.isEmpty()) {
          return false;
        }
        for (JsonNode task : tasks) {
          if (!"RUNNING".equals(task.path("state").asText()) || !live.contains(task.path("worker_id").asText())) {
            return false;
          }
        }
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  void print(String figure, Object value) {
    String line = "FIGURE " + run.name() + " " + figure + " " + value;
    System.out.println(line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The figures every run reports. */
  void printCommon() {
    print("records", run.records());
    print("run_seconds", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    print("lag_peak_records", lagPeak);
    print("heap_peak_mb", heapPeak / (1024 * 1024));
    print("failed_source_tasks_restarted", failedTasksRestarted);
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

}
