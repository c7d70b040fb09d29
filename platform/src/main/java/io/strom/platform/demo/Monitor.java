package io.strom.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples the running pipeline from the outside, the way an operator would: connector and task
 * state from the Connect REST API, per-task record totals from the workers' JMX metrics, sink
 * lag from the consumer groups, and rows per table from PostgreSQL.
 */
final class Monitor implements AutoCloseable {

  private static final int LATEST_ALERTS = 5;

  private final DemoPlatform platform;
  private final Admin admin;
  private final long startNanos = System.nanoTime();
  private Map<String, Jmx.TaskTotal> previousTotals = Map.of();
  private long previousNanos = System.nanoTime();
  private final Map<String, Long> previousRuleRows = new HashMap<>();
  private final Deque<String> latestAlerts = new ArrayDeque<>();

  Monitor(DemoPlatform platform) {
    this.platform = platform;
    this.admin = platform.kafka().admin();
  }

  Snapshot sample() {
    long now = System.nanoTime();
    Map<String, Jmx.TaskTotal> totals = new HashMap<>();
    platform.workers().forEach(w -> totals.putAll(w.jmx().taskTotals()));
    double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
    List<Snapshot.ConnectorState> connectors = connectors(totals, seconds);
    previousTotals = totals;
    previousNanos = now;

    Map<String, Long> tables = new TreeMap<>();
    List<Snapshot.RuleCount> rules = new ArrayList<>();
    try (Connection c = platform.postgres().connect()) {
      tables.putAll(tableRows(c));
      for (DemoConfig.Rule rule : platform.config().rules()) {
        Long rows = tables.get(rule.table());
        rules.add(new Snapshot.RuleCount(rule.name(), rule.table(), rows));
        if (rows != null && rule.isAlert()) {
          trackLatest(c, rule, rows);
        }
      }
    } catch (SQLException e) {
      latestAlerts.addFirst("(PostgreSQL: " + e.getMessage() + ")");
      trimLatest();
    }
    return new Snapshot((now - startNanos) / 1_000_000_000L, connectors, rules, List.copyOf(latestAlerts), tables);
  }

  private List<Snapshot.ConnectorState> connectors(Map<String, Jmx.TaskTotal> totals, double seconds) {
    JsonNode all;
    try {
      all = restOfAnyWorker().connectors();
    } catch (RuntimeException e) {
      return List.of(new Snapshot.ConnectorState("(Connect REST unavailable)", "", "UNKNOWN", "", List.of(), 0, null,
          e.getMessage()));
    }
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
        double rate = rate(totals, name + "/" + id, seconds);
        connectorRate += rate;
        tasks.add(new Snapshot.TaskState(id, task.path("state").asText(), task.path("worker_id").asText(),
            rate, firstLine(task.path("trace").asText(null))));
      }
      Long lag = "sink".equals(type) ? lag(name) : null;
      JsonNode connector = status.path("connector");
      states.add(new Snapshot.ConnectorState(name, type, connector.path("state").asText("?"),
          connector.path("worker_id").asText(""), tasks, connectorRate, lag,
          firstLine(connector.path("trace").asText(null))));
    }
    states.sort((a, b) -> a.name().compareTo(b.name()));
    return states;
  }

  private double rate(Map<String, Jmx.TaskTotal> totals, String task, double seconds) {
    Jmx.TaskTotal now = totals.get(task);
    Jmx.TaskTotal before = previousTotals.get(task);
    if (now == null || before == null) {
      return 0;
    }
    return Math.max(0, now.records() - before.records()) / seconds;
  }

  private ConnectRest restOfAnyWorker() {
    RuntimeException last = null;
    for (ConnectWorker worker : platform.workers()) {
      if (worker.process().isAlive()) {
        try {
          worker.rest().connectors();
          return worker.rest();
        } catch (RuntimeException e) {
          last = e;
        }
      }
    }
    throw last != null ? last : new IllegalStateException("no Connect worker is running");
  }

  /** Records in the sink's topics beyond its consumer group's committed offsets. */
  private Long lag(String connector) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
          .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
      committed.values().removeIf(v -> v == null);
      if (committed.isEmpty()) {
        return null;
      }
      Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
      }
      return lag;
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
  private void trackLatest(Connection c, DemoConfig.Rule rule, long rows) throws SQLException {
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
        StringBuilder row = new StringBuilder(rule.name()).append(':');
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
