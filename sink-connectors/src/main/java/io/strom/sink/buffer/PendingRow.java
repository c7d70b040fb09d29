package io.strom.sink.buffer;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A row waiting for the next flush, with the record it came from: the DLQ gets that record when
 * the row cannot be written. Rule outputs come from the record that triggered them.
 */
public record PendingRow(SinkRecord source, Object[] values) {}
