package io.strom.sink.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.WindowBounds;
import io.strom.rules.data.WindowType;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.RowLayout;
import java.time.Instant;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The two small adapters between Connect data and the rules library, without a database. */
class HostedRuleAdaptersTest {

  private static final CompiledRule WINDOWED = RuleScript.compile("""
      CREATE STREAM readings (device STRING KEY, temp DOUBLE, seen TIMESTAMP, n BIGINT)
        WITH (KAFKA_TOPIC='readings');
      CREATE TABLE per_device AS SELECT device, COUNT(*) AS cnt FROM readings
        WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT CHANGES;
      """).rule();

  @Test
  void connectRecordsBecomeRowsOfTheRuleTypes() {
    Schema value = SchemaBuilder.struct().field("Temp", Schema.FLOAT32_SCHEMA).field("seen", Timestamp.SCHEMA)
        .field("n", Schema.INT32_SCHEMA).build();
    SinkRecord record = new SinkRecord("readings", 0, Schema.STRING_SCHEMA, "d1", value,
        new Struct(value).put("Temp", 21.5f).put("seen", new java.util.Date(1_000)).put("n", 7), 3);
    Row row = new ConnectRows(WINDOWED.source()).toRow(record);
    assertThat(row.get(0)).isEqualTo("d1");
    assertThat(row.get(1)).isEqualTo(21.5);
    assertThat(row.get(2)).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(row.get(3)).isEqualTo(7L);
  }

  @Test
  void windowedTableOutputsUpsertByKeyAndWindowStartAndDeleteOnTombstones() {
    RuleOutputs outputs = new RuleOutputs(WINDOWED);
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
}
