package io.strom.platform.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.strom.platform.process.ConnectRest;
import io.strom.platform.process.ConnectWorker;
import io.strom.platform.process.KafkaBroker;
import io.strom.platform.process.PostgresProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Samples the running pipeline from the outside, the way an operator would: connector and task
 * state from the Connect REST API, per-task record totals from the workers' JMX metrics, sink
 * lag from the consumer groups, and rows per table from PostgreSQL.
 */
public final class Monitor implements AutoCloseable {

  /**
   * A rule whose output table the monitor counts; {@code alerts}: its newest rows are shown as
   * the latest alerts.
   */
  public record RuleTable(String rule, String table, boolean alerts) {}

  private static final int LATEST_ALERTS = 5;

  /** How long a worker's REST API may take to answer before the view calls the worker down. */
  static final Duration REST_PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final List<ConnectWorker> workers;
  private final PostgresProcess postgres;
  private final List<RuleTable> rules;
  private final Admin admin;
  private final long startNanos = System.nanoTime();
  /** Record totals by "worker|connector/task": a task that moves starts again from 0 on its new worker. */
  private Map<String, Double> previousTotals;
  private long previousNanos = System.nanoTime();
  /** When each connector last moved a record. */
  private final Map<String, Long> lastProgressNanos = new HashMap<>();
  private final Map<String, Long> previousRuleRows = new HashMap<>();
  private final Deque<String> latestAlerts = new ArrayDeque<>();

  public Monitor(List<ConnectWorker> workers, KafkaBroker kafka, PostgresProcess postgres, List<RuleTable> rules) {
    this.workers = List.copyOf(workers);
    this.postgres = postgres;
    this.rules = List.copyOf(rules);
    this.admin = kafka.admin();
  }

  /** The pipeline as it is now; rates are per second since the previous sample. */
  public Snapshot sample() {
    long now = System.nanoTime();
    List<Snapshot.WorkerState> workerStates = new ArrayList<>();
    Map<String, Double> totals = new HashMap<>();
    ConnectRest rest = null;
    for (ConnectWorker worker : workers) {
      boolean alive = worker.process().isAlive();
      boolean answers = alive && worker.rest().answersWithin(REST_PROBE_TIMEOUT);
      workerStates.add(new Snapshot.WorkerState(worker.id(), alive, answers));
      if (alive && answers) {
        rest = rest == null ? worker.rest() : rest;
        worker.metrics().taskTotals().forEach((task, total) -> totals.put(worker.id() + "|" + task, total.records()));
      }
    }
    double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
    List<Snapshot.ConnectorState> connectors = connectors(rest, workerStates, totals, seconds, now);
    previousTotals = totals;
    previousNanos = now;

    Map<String, Long> tables = new TreeMap<>();
    List<Snapshot.RuleCount> ruleCounts = new ArrayList<>();
    try (Connection c = postgres.connect()) {
      tables.putAll(tableRows(c));
      for (RuleTable rule : rules) {
        Long rows = tables.get(rule.table());
        ruleCounts.add(new Snapshot.RuleCount(rule.rule(), rule.table(), rows));
        if (rows != null && rule.alerts()) {
          trackLatest(c, rule, rows);
        }
      }
    } catch (SQLException e) {
      latestAlerts.addFirst("(PostgreSQL: " + e.getMessage() + ")");
      trimLatest();
    }
    return new Snapshot((now - startNanos) / 1_000_000_000L, workerStates, connectors, ruleCounts,
        List.copyOf(latestAlerts), tables);
  }

  private List<Snapshot.ConnectorState> connectors(ConnectRest rest, List<Snapshot.WorkerState> workers,
                                                   Map<String, Double> totals, double seconds, long now) {
    JsonNode all;
    try {
      if (rest == null) {
        throw new IllegalStateException("no Connect worker is up");
      }
      all = rest.connectors();
    } catch (RuntimeException e) {
      return List.of(new Snapshot.ConnectorState("(Connect REST unavailable)", "", "UNKNOWN", "", List.of(), 0, null,
          0, e.getMessage()));
    }
    Set<String> down = workers.stream().filter(w -> !w.up()).map(Snapshot.WorkerState::id).collect(Collectors.toSet());
    List<Snapshot.ConnectorState> states = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode status = entry.getValue().path("status");
      String type = status.path("type").asText(entry.getValue().path("info").path("type").asText("?"));
      List<Snapshot.TaskState> tasks = new ArrayList<>();
      double connectorRate = 0;
      for (JsonNode task : status.path("tasks")) {
        int id = task.path("id").asInt();
        String worker = task.path("worker_id").asText();
        double rate = rate(totals, worker + "|" + name + "/" + id, seconds);
        connectorRate += rate;
        // Connect's status topic keeps saying RUNNING for the tasks of a worker that died, until
        // the group reassigns them: the view says what is true.
        String state = down.contains(worker) ? Snapshot.LOST : task.path("state").asText();
        tasks.add(new Snapshot.TaskState(id, state, worker, rate, firstLine(task.path("trace").asText(null))));
      }
      if (connectorRate > 0) {
        lastProgressNanos.put(name, now);
      }
      long idle = TimeUnit.NANOSECONDS.toSeconds(now - lastProgressNanos.getOrDefault(name, startNanos));
      Long lag = "sink".equals(type) ? lag(name) : null;
      JsonNode connector = status.path("connector");
      String connectorWorker = connector.path("worker_id").asText("");
      String connectorState = down.contains(connectorWorker) ? Snapshot.LOST : connector.path("state").asText("?");
      states.add(new Snapshot.ConnectorState(name, type, connectorState, connectorWorker, tasks, connectorRate, lag,
          idle, firstLine(connector.path("trace").asText(null))));
    }
    states.sort((a, b) -> a.name().compareTo(b.name()));
    return states;
  }

  /** Records per second a task moved on its worker since the last sample (from 0 if it just got there). */
  private double rate(Map<String, Double> totals, String workerTask, double seconds) {
    Double now = totals.get(workerTask);
    if (now == null || previousTotals == null) {
      return 0; // the first sample has nothing to compare with
    }
    return Math.max(0, now - previousTotals.getOrDefault(workerTask, 0.0)) / seconds;
  }

  /** Records in the sink's topics beyond its consumer group's committed offsets. */
  private Long lag(String connector) {
    try {
      return ConsumerLag.ofCommitted(admin, "connect-" + connector);
    } catch (Exception e) {
      return null;
    }
  }

  private static Map<String, Long> tableRows(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
             + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    Map<String, Long> rows = new TreeMap<>();
    for (String name : names) {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + name.replace("\"", "\"\"") + "\"")) {
        rs.next();
        rows.put(name, rs.getLong(1));
      }
    }
    return rows;
  }

  /** Remembers the newest rows of a rule's table when it grew since the last sample. */
  private void trackLatest(Connection c, RuleTable rule, long rows) throws SQLException {
    long before = previousRuleRows.getOrDefault(rule.table(), 0L);
    previousRuleRows.put(rule.table(), rows);
    long added = Math.min(LATEST_ALERTS, rows - before);
    if (added <= 0) {
      return;
    }
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT * FROM \"" + rule.table() + "\" ORDER BY ctid DESC LIMIT " + added)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> newest = new ArrayList<>();
      while (rs.next()) {
        StringBuilder row = new StringBuilder(rule.rule()).append(':');
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(' ').append(meta.getColumnName(i)).append('=').append(rs.getString(i));
        }
        newest.add(row.toString());
      }
      for (int i = newest.size() - 1; i >= 0; i--) {
        latestAlerts.addFirst(newest.get(i));
      }
      trimLatest();
    }
  }

  private void trimLatest() {
    while (latestAlerts.size() > LATEST_ALERTS) {
      latestAlerts.removeLast();
    }
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }


  @Override
  public void close() {
    admin.close();
  }
}
