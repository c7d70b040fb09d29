package io.strom.avro.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Test-only source: {@code count} deterministic readings into {@code topic}, then nothing. */
public class ReadingsSourceConnector extends SourceConnector {

  public static final Schema KEY = Schema.STRING_SCHEMA;
  public static final Schema READING = SchemaBuilder.struct().name("io.strom.test.Reading").version(1)
      .field("sensor", Schema.STRING_SCHEMA)
      .field("seq", Schema.INT64_SCHEMA)
      .field("celsius", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("at", Timestamp.SCHEMA)
      .build();

  private Map<String, String> props;

  public static Struct reading(long seq) {
    return new Struct(READING)
        .put("sensor", "s" + (seq % 3))
        .put("seq", seq)
        .put("celsius", seq % 5 == 0 ? null : 20.0 + seq / 10.0)
        .put("at", new java.util.Date(1_700_000_000_000L + seq * 1000));
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = props;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return Task.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "target topic")
        .define("count", ConfigDef.Type.INT, ConfigDef.Importance.HIGH, "how many readings");
  }

  @Override
  public String version() {
    return "test";
  }

  public static class Task extends SourceTask {
    private String topic;
    private long count;
    private long next;

    @Override
    public void start(Map<String, String> props) {
      topic = props.get("topic");
      count = Long.parseLong(props.get("count"));
      Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("source", topic));
      next = offset == null ? 0 : (Long) offset.get("next");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
      if (next >= count) {
        Thread.sleep(200);
        return null;
      }
      List<SourceRecord> batch = new ArrayList<>();
      for (int i = 0; i < 10 && next < count; i++, next++) {
        batch.add(new SourceRecord(Map.of("source", topic), Map.of("next", next + 1), topic, null,
            KEY, "s" + (next % 3), READING, reading(next)));
      }
      return batch;
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
      return "test";
    }
  }
}
