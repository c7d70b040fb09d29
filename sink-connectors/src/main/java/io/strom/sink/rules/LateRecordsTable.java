package io.strom.sink.rules;

import io.strom.rules.data.LateRecord;
import io.strom.rules.data.WindowBounds;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.FlushBuffer;
import io.strom.sink.buffer.PendingRow;
import io.strom.sink.buffer.RowLayout;
import io.strom.sink.dialect.TableId;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where records too late for a hosted rule go ({@code late.records.table}): one row per rule and
 * missed window, appended through the flush buffer like the rule's outputs, so it commits in the
 * same transaction as the rows and offsets, and a redelivered record (below the stored offset) is
 * dropped from the buffer before it could be written twice. A pattern rule misses no window: its
 * rows leave {@code window_start} and {@code window_end} null.
 */
final class LateRecordsTable {

  static final String RULE = "rule";
  static final String RECORD_KEY = "record_key";
  static final String WINDOW_START = "window_start";
  static final String WINDOW_END = "window_end";
  static final String EVENT_TIME = "event_time";
  static final String LATE_BY_MS = "late_by_ms";
  static final String TOPIC = "topic";
  static final String KAFKA_PARTITION = "kafka_partition";
  static final String KAFKA_OFFSET = "kafka_offset";

  private static final Schema OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();

  private static final RowLayout LAYOUT = new RowLayout(List.of(
      new RowLayout.Column(RULE, Schema.STRING_SCHEMA, true),
      new RowLayout.Column(RECORD_KEY, Schema.OPTIONAL_STRING_SCHEMA, false),
      new RowLayout.Column(WINDOW_START, OPTIONAL_TIMESTAMP, false),
      new RowLayout.Column(WINDOW_END, OPTIONAL_TIMESTAMP, false),
      new RowLayout.Column(EVENT_TIME, Timestamp.SCHEMA, true),
      new RowLayout.Column(LATE_BY_MS, Schema.INT64_SCHEMA, true),
      new RowLayout.Column(TOPIC, Schema.STRING_SCHEMA, true),
      new RowLayout.Column(KAFKA_PARTITION, Schema.INT32_SCHEMA, true),
      new RowLayout.Column(KAFKA_OFFSET, Schema.INT64_SCHEMA, true)), List.of());

  private final TableId table;

  LateRecordsTable(String tableName) {
    this.table = new TableId(null, tableName);
  }

  TableId table() {
    return table;
  }

  /** Buffers the row of a record that {@code rule} found too late. */
  void add(String rule, LateRecord late, SinkRecord source, FlushBuffer buffer) {
    WindowBounds missed = late.missedWindow();
    Object[] values = {
        rule,
        keyText(source.key()),
        missed == null ? null : Instant.ofEpochMilli(missed.start()),
        missed == null ? null : Instant.ofEpochMilli(missed.end()),
        Instant.ofEpochMilli(late.record().timestamp()),
        late.lateByMillis(),
        source.topic(),
        source.kafkaPartition(),
        source.kafkaOffset()};
    buffer.add(table, Batch.Kind.INSERT, LAYOUT, PendingRow.ofRule(source, values));
  }

  /** The record key as text: strings as they are, bytes in base64, anything else as Java prints it. */
  private static String keyText(Object key) {
    if (key == null || key instanceof String) {
      return (String) key;
    }
    if (key instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    return String.valueOf(key);
  }
}
