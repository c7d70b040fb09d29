package io.strom.sink.buffer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A row waiting for the next flush, with the record it came from: the DLQ gets that record when
 * the row cannot be written. Rule outputs come from the record that triggered them
 * ({@code fromRule}); such a row failing says nothing about the record's own row. An output no
 * record triggered (a window closed by the wall clock) has no source but the {@code partition}
 * whose rule state produced it, so that it leaves the buffer with that partition.
 *
 * @param partition null when {@code source} is set
 */
public record PendingRow(SinkRecord source, Object[] values, TopicPartition partition, boolean fromRule) {

  /** The record's own row. */
  public PendingRow(SinkRecord source, Object[] values) {
    this(source, values, null, false);
  }

  /** A rule output that {@code source} triggered. */
  public static PendingRow ofRule(SinkRecord source, Object[] values) {
    return new PendingRow(source, values, null, true);
  }

  /** A rule output of {@code partition}'s state that no record triggered. */
  public static PendingRow ofState(TopicPartition partition, Object[] values) {
    return new PendingRow(null, values, partition, true);
  }
}
