package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a run left in PostgreSQL, as multisets of row texts in the same form as the
 * {@link Reference}'s, and the comparison of the two that names every missing and doubled row.
 */
final class Tables {

  private Tables() {}

  /** One row as text: timestamps as epoch millis, numbers as Java prints their double value. */
  static String row(Object... values) {
    List<String> parts = new ArrayList<>();
    for (Object v : values) {
      parts.add(text(v));
    }
    return String.join("|", parts);
  }

  private static String text(Object v) {
    if (v instanceof Instant i) {
      return Long.toString(i.toEpochMilli());
    }
    if (v instanceof Date d) {
      return Long.toString(d.getTime());
    }
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      return Double.toString(((Number) v).doubleValue());
    }
    return Objects.toString(v);
  }

  static Reference read(DebianPostgres postgres, String database) throws SQLException {
    try (Connection c = postgres.connect(database)) {
      return new Reference(
          multiset(c, "readings", "device_id", "ts", "temperature"),
          multiset(c, "hot_readings", "device_id", "ts", "temperature"),
          multiset(c, "device_minutes", "device_id", "window_start", "readings, max_temperature"));
    }
  }

  /**
   * {@code KEY_COLUMN, TIME_COLUMN as epoch millis, OTHER_COLUMNS} of every row, each as {@link #row}
   * writes it; a table the sink never created is empty (the comparison then names every row as missing).
   */
  static Map<String, Integer> multiset(Connection c, String table, String keyColumn, String timeColumn,
                                       String otherColumns) throws SQLException {
    Map<String, Integer> rows = new TreeMap<>();
    String type;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT data_type FROM information_schema.columns"
        + " WHERE table_name = '" + table + "' AND column_name = '" + timeColumn + "'")) {
      if (!rs.next()) {
        return rows;
      }
      type = rs.getString(1);
    }
    // Epoch millis whether the sink made the column a timestamp or a bigint.
    String millis = type.startsWith("timestamp") ? "(extract(epoch from " + timeColumn + ") * 1000)::bigint" : timeColumn;
    String sql = "SELECT " + keyColumn + ", " + millis + ", " + otherColumns + " FROM " + table;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          Object v = rs.getObject(i + 1);
          values[i] = v instanceof Number num && !(v instanceof Double) && !(v instanceof java.math.BigDecimal)
              ? (Object) num.longValue() : v;
        }
        Reference.count(rows, row(values));
      }
    }
    return rows;
  }

  /** Asserts each table equals its reference exactly, naming a sample of missing and extra rows. */
  static void assertSame(String run, Reference expected, Reference actual) {
    compare(run, "readings", expected.readings(), actual.readings());
    compare(run, "hot_readings", expected.hotReadings(), actual.hotReadings());
    compare(run, "device_minutes", expected.deviceMinutes(), actual.deviceMinutes());
  }

  /** Asserts one table's rows equal the expected multiset, naming a sample of missing and extra rows. */
  static void compare(String run, String table, Map<String, Integer> expected, Map<String, Integer> actual) {
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (String row : new TreeSet<>(union(expected, actual))) {
      int want = expected.getOrDefault(row, 0);
      int got = actual.getOrDefault(row, 0);
      for (int i = got; i < want; i++) {
        missing.add(row);
      }
      for (int i = want; i < got; i++) {
        extra.add(row);
      }
    }
    long expectedRows = expected.values().stream().mapToLong(Integer::longValue).sum();
    long actualRows = actual.values().stream().mapToLong(Integer::longValue).sum();
    System.out.printf("CHECK %s %s expected=%d actual=%d missing=%d extra=%d%n",
        run, table, expectedRows, actualRows, missing.size(), extra.size());
    assertThat(missing.size() + extra.size())
        .as("%s: %s differs from the reference (%d rows expected, %d found): %d missing, e.g. %s; %d extra or doubled, e.g. %s",
            run, table, expectedRows, actualRows, missing.size(), head(missing), extra.size(), head(extra))
        .isZero();
  }

  private static TreeSet<String> union(Map<String, Integer> a, Map<String, Integer> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static List<String> head(List<String> rows) {
    return rows.subList(0, Math.min(5, rows.size()));
  }
}
