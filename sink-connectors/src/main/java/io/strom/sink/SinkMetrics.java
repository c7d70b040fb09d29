package io.strom.sink;

import io.strom.connect.common.TaskCounter;
import io.strom.connect.common.TaskMetrics;

/**
 * The sink task's own metrics; the hosted rules publish theirs per rule
 * ({@link io.strom.sink.rules.HostedRules#registerMetrics}). Counted on the task thread when a
 * flush transaction commits (see {@link TaskCounter} for why the reporter's thread sees them).
 */
final class SinkMetrics {

  private final TaskCounter recordsWritten = new TaskCounter();
  private final TaskCounter batchesCommitted = new TaskCounter();
  private final TaskCounter fencedWrites = new TaskCounter();
  private TaskMetrics.Timer commitTime = millis -> { };

  void register(TaskMetrics metrics) {
    metrics.counter("records-written-total", "Records whose rows the task committed to PostgreSQL (rule outputs not"
        + " included).", recordsWritten);
    metrics.counter("batches-committed-total", "Flush transactions the task committed.", batchesCommitted);
    metrics.counter("fenced-writes-total", "Flush transactions that found partitions owned by a newer task (owner"
        + " epoch) and wrote nothing for them.", fencedWrites);
    commitTime = metrics.timer("batch-commit-time", "a flush transaction took, from taking a connection to its"
        + " commit");
  }

  /** A flush transaction committed {@code records} records' rows after {@code nanos}. */
  void committed(long records, long nanos) {
    recordsWritten.add(records);
    batchesCommitted.increment();
    commitTime.record(nanos / 1_000_000.0);
  }

  /** A flush found partitions that a newer task owns. */
  void fenced() {
    fencedWrites.increment();
  }
}
