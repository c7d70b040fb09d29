package io.strom.rules.data;

import static java.util.Objects.requireNonNull;

import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A source stream as rules see it: name, topic, columns (key columns first or anywhere; a
 * {@link Row}'s index is the position in {@link #columns()}), and the column that carries event
 * time ({@code TIMESTAMP} property), or null to use the record timestamp (ROWTIME). A STRING
 * timestamp column is read with {@code timestampFormat} ({@code TIMESTAMP_FORMAT}, a
 * {@link java.time.format.DateTimeFormatter} pattern; UTC unless the pattern has a zone).
 * {@code table} marks a {@code CREATE TABLE} source: its topic is a changelog (latest value per
 * primary key, a record without a value deletes the key).
 */
public record StreamSchema(String name, String topic, List<Column> columns, String timestampColumn,
    String timestampFormat, boolean table) {

  public StreamSchema {
    requireNonNull(name, "name");
    requireNonNull(topic, "topic");
    columns = List.copyOf(columns);
  }

  /** A stream source. */
  public StreamSchema(String name, String topic, List<Column> columns, String timestampColumn, String timestampFormat) {
    this(name, topic, columns, timestampColumn, timestampFormat, false);
  }

  /** A schema whose timestamp column (if any) holds epoch millis (BIGINT) or a TIMESTAMP. */
  public StreamSchema(String name, String topic, List<Column> columns, String timestampColumn) {
    this(name, topic, columns, timestampColumn, null, false);
  }

  /** Position of the column with this exact name, or -1. */
  public int indexOf(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  public List<Column> keyColumns() {
    return columns.stream().filter(Column::isKey).toList();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Builds a schema in code, e.g. for a host that derives it from its own data:
   * {@code StreamSchema.builder("READINGS").key("DEVICE", SqlType.STRING).value("TEMP", SqlType.DOUBLE).build()}.
   * The topic defaults to the name in lower case.
   */
  public static final class Builder {
    private final String name;
    private String topic;
    private String timestampColumn;
    private final List<Column> columns = new ArrayList<>();

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder timestampColumn(String column) {
      this.timestampColumn = column;
      return this;
    }

    public Builder key(String column, SqlType type) {
      columns.add(Column.key(column, type));
      return this;
    }

    public Builder value(String column, SqlType type) {
      columns.add(Column.value(column, type));
      return this;
    }

    public StreamSchema build() {
      return new StreamSchema(name, topic == null ? name.toLowerCase(Locale.ROOT) : topic, columns, timestampColumn);
    }
  }
}
