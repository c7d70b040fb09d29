package io.strom.platform.demo;

import java.util.List;
import java.util.Map;

/** What the pipeline looks like at one moment: the data behind the live view and the summary. */
record Snapshot(long elapsedSeconds, List<ConnectorState> connectors, List<RuleCount> rules,
                List<String> latestAlerts, Map<String, Long> tables) {

  /** One connector: its state, its tasks, its throughput; {@code lag} for sinks (null if unknown). */
  record ConnectorState(String name, String type, String state, String worker, List<TaskState> tasks,
                        double recordsPerSecond, Long lag, String error) {}

  record TaskState(int id, String state, String worker, double recordsPerSecond, String error) {}

  /** Rows a rule has written to its table; {@code rows} is null while the table does not exist. */
  record RuleCount(String rule, String table, Long rows) {}
}
