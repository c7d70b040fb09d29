package io.strom.sink.buffer;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A row waiting for the next flush, with the record it came from: the DLQ gets that record when
 * the row cannot be written. Rule outputs come from the record that triggered them
 * ({@code fromRule}); such a row failing says nothing about the record's own row.
 */
public record PendingRow(SinkRecord source, Object[] values, boolean fromRule) {

  /** The record's own row. */
  public PendingRow(SinkRecord source, Object[] values) {
    this(source, values, false);
  }
}
