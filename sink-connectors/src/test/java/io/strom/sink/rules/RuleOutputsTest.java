package io.strom.sink.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.WindowBounds;
import io.strom.rules.data.WindowType;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.RowLayout;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A hosted rule's outputs as table rows, without a database. */
class RuleOutputsTest {

  private static final CompiledRule WINDOWED = RuleScript.compile("""
      CREATE STREAM readings (device STRING KEY, temp DOUBLE, seen TIMESTAMP, n BIGINT)
        WITH (KAFKA_TOPIC='readings');
      CREATE TABLE per_device AS SELECT device, COUNT(*) AS cnt FROM readings
        WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT CHANGES;
      """).rule();

  @Test
  void windowedTableOutputsUpsertByKeyAndWindowStartAndDeleteOnTombstones() {
    RuleOutputs outputs = new RuleOutputs(WINDOWED, "${rule}");
    WindowBounds window = new WindowBounds(10_000, 20_000, WindowType.TUMBLING);
    RuleOutputs.Entry row = outputs.entry(new OutputRecord("d1", new Object[] {"d1", 3L}, 12_000, window));
    assertThat(row.table().table()).isEqualTo("per_device");
    assertThat(row.kind()).isEqualTo(Batch.Kind.UPSERT);
    assertThat(row.layout().columnNames()).containsExactly("device", "cnt", "window_start", "window_end");
    assertThat(row.layout().primaryKey()).containsExactly("device", "window_start");
    assertThat(row.layout().columns()).extracting(RowLayout.Column::notNull).containsExactly(true, false, true, true);
    assertThat(row.values()).containsExactly("d1", 3L, Instant.ofEpochMilli(10_000), Instant.ofEpochMilli(20_000));

    RuleOutputs.Entry gone = outputs.entry(new OutputRecord("d1", null, 12_000, window));
    assertThat(gone.kind()).isEqualTo(Batch.Kind.DELETE);
    assertThat(gone.layout().columnNames()).containsExactly("device", "window_start");
    assertThat(gone.values()).containsExactly("d1", Instant.ofEpochMilli(10_000));
  }

  @Test
  void theTableNameFormatPlacesTheRuleNameInItsTable() {
    RuleOutputs outputs = new RuleOutputs(WINDOWED, "${rule}_v2");
    WindowBounds window = new WindowBounds(10_000, 20_000, WindowType.TUMBLING);
    assertThat(outputs.table().table()).isEqualTo("per_device_v2");
    assertThat(outputs.entry(new OutputRecord("d1", null, 12_000, window)).table().table()).isEqualTo("per_device_v2");
  }
}
