package io.strom.platform.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a quality run reads back from PostgreSQL: row counts, the scored rules' alerts, late records. */
final class AlertStore {

  /** The late-records table the sink writes when it has that feature (absent on older sinks). */
  static final String LATE_TABLE = "strom_late_records";

  private final Connection connection;

  AlertStore(Connection connection) {
    this.connection = connection;
  }

  /** Rows of {@code table}, 0 while it does not exist yet. */
  long count(String table) throws SQLException {
    if (!exists(table)) {
      return 0;
    }
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  boolean exists(String table) throws SQLException {
    return !columns(table).isEmpty();
  }

  Set<String> columns(String table) throws SQLException {
    Set<String> columns = new TreeSet<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  /**
   * The alerts of {@code rule}: its entity column and either its window (a windowed table rule) or
   * its {@code ts} column (a stream rule), in event-time milliseconds. None while the table does
   * not exist (a rule that never fired).
   */
  List<Alert> alerts(ScoredRule rule) throws SQLException {
    Set<String> columns = columns(rule.table());
    List<Alert> alerts = new ArrayList<>();
    if (columns.isEmpty()) {
      return alerts;
    }
    if (!columns.contains(rule.entity())) {
      throw new IllegalArgumentException("rule " + rule.name() + " is scored by " + rule.entity()
          + " but its table " + rule.table() + " has no such column: " + columns);
    }
    String from;
    String to;
    if (columns.contains("window_start") && columns.contains("window_end")) {
      from = millis("window_start");
      to = millis("window_end") + " - 1";
    } else if (columns.contains("ts")) {
      from = millis("ts");
      to = from;
    } else {
      throw new IllegalArgumentException("rule " + rule.name() + ": its table " + rule.table()
          + " has neither window_start/window_end nor a ts column to place its alerts in event time");
    }
    String sql = "SELECT \"" + rule.entity() + "\", " + from + ", " + to + " FROM \"" + rule.table() + "\"";
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        alerts.add(new Alert(rule.name(), rs.getString(1), rs.getLong(2), rs.getLong(3)));
      }
    }
    return alerts;
  }

  /** Every row of the late-records table (records too late for a rule); empty when the table does not exist. */
  List<LateRecord> lateRecords() throws SQLException {
    List<LateRecord> late = new ArrayList<>();
    if (!exists(LATE_TABLE)) {
      return late;
    }
    String sql = "SELECT rule, topic, kafka_partition, kafka_offset, record_key, " + millis("event_time")
        + ", late_by_ms FROM " + LATE_TABLE;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        String topic = rs.getString(2);
        late.add(new LateRecord(rs.getString(1), topic, topic + "/" + rs.getInt(3) + "@" + rs.getLong(4),
            rs.getString(5), rs.getLong(6), rs.getLong(7)));
      }
    }
    return late;
  }

  /** Epoch milliseconds of a timestamp column, whatever its PostgreSQL type. */
  private static String millis(String column) {
    return "(EXTRACT(EPOCH FROM \"" + column + "\") * 1000)::bigint";
  }
}
