package io.strom.rules.execution;

import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * A record's event time: the source's TIMESTAMP column when it declares one (epoch millis, a
 * TIMESTAMP, or a STRING read with TIMESTAMP_FORMAT), else the record timestamp.
 */
final class EventTime {

  private final int column;
  private final DateTimeFormatter format;
  private final String ruleName;

  EventTime(StreamSchema source, String ruleName) {
    this.column = source.timestampColumn() == null ? -1 : source.indexOf(source.timestampColumn());
    this.format = source.timestampFormat() == null ? null : DateTimeFormatter.ofPattern(source.timestampFormat());
    this.ruleName = ruleName;
  }

  /**
   * @throws RuleEvaluationException when the timestamp column is null or cannot be read, so the
   *     host can route the record aside (ksqlDB skips such records)
   */
  long of(InputRecord record) {
    return of(record.value(), record.timestamp());
  }

  /** The event time of a record with these columns (null for none) and this record timestamp. */
  long of(Row value, long timestamp) {
    if (column < 0 || value == null) {
      return timestamp;
    }
    return fromColumn(value.get(column));
  }

  /**
   * As {@link #of(InputRecord)} for a record whose columns were read into {@code columns} already
   * (the TIMESTAMP column is not read from the record a second time).
   */
  long of(InputRecord record, Object[] columns) {
    return column < 0 ? record.timestamp() : fromColumn(columns[column]);
  }

  private long fromColumn(Object v) {
    if (v == null) {
      throw new RuleEvaluationException(ruleName, "the TIMESTAMP column is null", null);
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof String text && format != null) {
      try {
        TemporalAccessor parsed = format.parse(text);
        return parsed.isSupported(ChronoField.INSTANT_SECONDS) ? Instant.from(parsed).toEpochMilli()
            : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (java.time.DateTimeException e) {
        throw new RuleEvaluationException(ruleName, "the TIMESTAMP column does not match TIMESTAMP_FORMAT: " + e.getMessage(), e);
      }
    }
    return ((Number) v).longValue();
  }
}
