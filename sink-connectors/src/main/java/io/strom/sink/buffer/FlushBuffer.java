package io.strom.sink.buffer;

import io.strom.sink.dialect.TableId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What the next flush writes: per table, batches in arrival order. A table's open batch takes rows
 * while their kind and layout stay the same; a schema change or a switch between writes and
 * deletes closes it and opens the next, so per-table order is kept. Also tracks, per partition,
 * the offset after the last record taken (including records that produced no row), which the flush
 * stores with the rows.
 */
public final class FlushBuffer {

  private final List<Batch> batches = new ArrayList<>();
  private final Map<TableId, Batch> openBatches = new HashMap<>();
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private int rowCount;

  public void add(TableId table, Batch.Kind kind, RowLayout layout, PendingRow row) {
    Batch batch = openBatches.get(table);
    if (batch == null || !batch.accepts(kind, layout)) {
      batch = new Batch(table, kind, layout);
      batches.add(batch);
      openBatches.put(table, batch);
    }
    batch.rows().add(row);
    rowCount++;
  }

  /** Records that the task has taken everything of {@code partition} before {@code nextOffset}. */
  public void advance(TopicPartition partition, long nextOffset) {
    nextOffsets.merge(partition, nextOffset, Math::max);
  }

  public List<Batch> batches() {
    return batches;
  }

  public Map<TopicPartition, Long> nextOffsets() {
    return nextOffsets;
  }

  public int rowCount() {
    return rowCount;
  }

  public boolean isEmpty() {
    return nextOffsets.isEmpty() && batches.isEmpty();
  }

  /**
   * Drops rows from records that the database already holds (offset below the stored next
   * offset): another task wrote them, or an earlier commit succeeded although its reply was lost.
   * Rule outputs without a source record stay: they are upserts keyed by the window's key, so
   * writing one again after a lost commit reply leaves the same single row.
   */
  public void dropStored(Map<TopicPartition, Long> stored) {
    for (Batch batch : batches) {
      batch.rows().removeIf(row -> {
        if (row.source() == null) {
          return false;
        }
        Long next = stored.get(new TopicPartition(row.source().topic(), row.source().kafkaPartition()));
        boolean drop = next != null && row.source().kafkaOffset() < next;
        if (drop) {
          rowCount--;
        }
        return drop;
      });
    }
    stored.forEach((partition, next) -> nextOffsets.computeIfPresent(partition, (p, mine) -> Math.max(mine, next)));
  }

  /**
   * Forgets everything of partitions this task no longer owns: their new owner re-reads them, and
   * re-derives the rule outputs no record triggered from the partition's stored rule state.
   */
  public void removePartitions(Collection<TopicPartition> partitions) {
    for (Iterator<Batch> it = batches.iterator(); it.hasNext(); ) {
      Batch batch = it.next();
      batch.rows().removeIf(row -> {
        boolean drop = row.source() != null
            ? partitions.contains(new TopicPartition(row.source().topic(), row.source().kafkaPartition()))
            : row.partition() != null && partitions.contains(row.partition());
        if (drop) {
          rowCount--;
        }
        return drop;
      });
      if (batch.rows().isEmpty()) {
        it.remove();
        openBatches.remove(batch.table(), batch);
      }
    }
    partitions.forEach(nextOffsets::remove);
  }

  /** Drops these rows (compared by identity), e.g. rows already sent to the DLQ by a flush that rolled back. */
  public void removeRows(Set<PendingRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    for (Batch batch : batches) {
      batch.rows().removeIf(row -> {
        boolean drop = rows.contains(row);
        if (drop) {
          rowCount--;
        }
        return drop;
      });
    }
  }

  public void clear() {
    batches.clear();
    openBatches.clear();
    nextOffsets.clear();
    rowCount = 0;
  }
}
