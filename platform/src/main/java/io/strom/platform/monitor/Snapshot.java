package io.strom.platform.monitor;

import java.util.List;
import java.util.Map;

/** What the pipeline looks like at one moment: the data behind the live view and the summary. */
public record Snapshot(long elapsedSeconds, List<WorkerState> workers, List<ConnectorState> connectors,
                       List<RuleCount> rules, List<String> latestAlerts, Map<String, Long> tables) {

  /** The state Connect's REST status cannot show: a task assigned to a worker that is gone. */
  static final String LOST = "LOST";

  /**
   * One Connect worker as seen from outside: {@code id} is Connect's worker_id (host:port). Up
   * means its process is alive and its REST API answered within the probe's timeout.
   */
  record WorkerState(String id, boolean processAlive, boolean restAnswers) {
    boolean up() {
      return processAlive && restAnswers;
    }

    String whyDown() {
      return !processAlive ? "process exited" : "REST API not answering";
    }
  }

  /**
   * One connector: its state, its tasks, its throughput; {@code lag} for sinks (null if unknown);
   * {@code idleSeconds} since any of its tasks last moved a record (since the demo started if none has).
   */
  record ConnectorState(String name, String type, String state, String worker, List<TaskState> tasks,
                        double recordsPerSecond, Long lag, long idleSeconds, String error) {
    long running() {
      return tasks.stream().filter(t -> t.state().equals("RUNNING")).count();
    }
  }

  /** One task; {@code state} is {@link #LOST} when Connect reports it on a worker that is down. */
  record TaskState(int id, String state, String worker, double recordsPerSecond, String error) {}

  /** Rows a rule has written to its table; {@code rows} is null while the table does not exist. */
  record RuleCount(String rule, String table, Long rows) {}

  long workersUp() {
    return workers.stream().filter(WorkerState::up).count();
  }
}
