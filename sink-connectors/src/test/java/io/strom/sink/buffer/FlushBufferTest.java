package io.strom.sink.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.sink.dialect.TableId;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class FlushBufferTest {

  private static final TableId T = new TableId(null, "t");
  private static final TopicPartition P0 = new TopicPartition("topic", 0);

  private static PendingRow row(long offset) {
    return new PendingRow(new SinkRecord("topic", 0, null, null, null, null, offset), new Object[] {offset});
  }

  private static RowLayout layout() {
    return new RowLayout(List.of(new RowLayout.Column("v", Schema.INT64_SCHEMA, true)), List.of());
  }

  @Test
  void aNewLayoutOrKindStartsANewBatchAndKeepsOrder() {
    FlushBuffer buffer = new FlushBuffer();
    RowLayout a = layout();
    RowLayout b = layout();
    buffer.add(T, Batch.Kind.INSERT, a, row(0));
    buffer.add(T, Batch.Kind.INSERT, a, row(1));
    buffer.add(T, Batch.Kind.INSERT, b, row(2));
    buffer.add(T, Batch.Kind.DELETE, b, row(3));
    assertThat(buffer.batches()).extracting(batch -> batch.rows().size()).containsExactly(2, 1, 1);
    assertThat(buffer.rowCount()).isEqualTo(4);
  }

  @Test
  void rowsTheDatabaseAlreadyHoldsAreDroppedAndOffsetsNeverGoBack() {
    FlushBuffer buffer = new FlushBuffer();
    RowLayout a = layout();
    for (long offset = 10; offset < 15; offset++) {
      buffer.add(T, Batch.Kind.INSERT, a, row(offset));
      buffer.advance(P0, offset + 1);
    }
    buffer.dropStored(Map.of(P0, 13L));
    assertThat(buffer.batches().get(0).rows()).extracting(r -> r.source().kafkaOffset()).containsExactly(13L, 14L);
    assertThat(buffer.rowCount()).isEqualTo(2);
    buffer.dropStored(Map.of(P0, 20L));
    assertThat(buffer.rowCount()).isZero();
    assertThat(buffer.nextOffsets()).containsEntry(P0, 20L);
  }

  @Test
  void closedPartitionsAreForgotten() {
    FlushBuffer buffer = new FlushBuffer();
    buffer.add(T, Batch.Kind.INSERT, layout(), row(1));
    buffer.advance(P0, 2);
    buffer.removePartitions(List.of(P0));
    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.rowCount()).isZero();
  }

  @Test
  void ruleOutputsNoRecordTriggeredLeaveWithTheirPartition() {
    FlushBuffer buffer = new FlushBuffer();
    TopicPartition p1 = new TopicPartition("topic", 1);
    buffer.add(T, Batch.Kind.UPSERT, layout(), PendingRow.ofState(P0, new Object[] {10L}));
    buffer.add(T, Batch.Kind.UPSERT, layout(), PendingRow.ofState(p1, new Object[] {11L}));
    buffer.dropStored(Map.of(P0, 100L)); // a lost commit reply: upserts by window key, they stay
    assertThat(buffer.rowCount()).isEqualTo(2);
    buffer.removePartitions(List.of(P0)); // revoked: the new owner re-derives P0's from its stored state
    assertThat(buffer.rowCount()).isEqualTo(1);
    assertThat(buffer.batches()).singleElement().satisfies(batch ->
        assertThat(batch.rows()).extracting(PendingRow::partition).containsExactly(p1));
  }

  @Test
  void rowsRemovedByIdentityLeaveEqualRowsAndTheOffsetsAlone() {
    FlushBuffer buffer = new FlushBuffer();
    RowLayout a = layout();
    PendingRow reported = row(1);
    PendingRow sameSource = PendingRow.ofRule(reported.source(), reported.values());
    buffer.add(T, Batch.Kind.INSERT, a, row(0));
    buffer.add(T, Batch.Kind.INSERT, a, reported);
    buffer.add(T, Batch.Kind.INSERT, a, sameSource);
    buffer.advance(P0, 2);
    Set<PendingRow> remove = Collections.newSetFromMap(new IdentityHashMap<>());
    remove.add(reported);
    buffer.removeRows(remove);
    assertThat(buffer.batches().get(0).rows()).extracting(r -> r.source().kafkaOffset()).containsExactly(0L, 1L);
    assertThat(buffer.batches().get(0).rows().get(1)).isSameAs(sameSource);
    assertThat(buffer.rowCount()).isEqualTo(2);
    assertThat(buffer.nextOffsets()).containsEntry(P0, 2L);
  }
}
