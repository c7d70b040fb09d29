package io.strom.rules.execution;

import io.strom.rules.InputRecord;
import io.strom.rules.RuleEvaluationException;
import io.strom.rules.StreamSchema;
import java.time.Instant;

/** A record's event time: the source's TIMESTAMP column when it declares one, else the record timestamp. */
final class EventTime {

  private final int column;
  private final String ruleName;

  EventTime(StreamSchema source, String ruleName) {
    this.column = source.timestampColumn() == null ? -1 : source.indexOf(source.timestampColumn());
    this.ruleName = ruleName;
  }

  long of(InputRecord record) {
    if (column < 0 || record.value() == null) {
      return record.timestamp();
    }
    Object v = record.value().get(column);
    if (v == null) {
      throw new RuleEvaluationException(ruleName, "the TIMESTAMP column is null", null);
    }
    return v instanceof Instant i ? i.toEpochMilli() : ((Number) v).longValue();
  }
}
