package io.strom.avro.it;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** Test-only sink: keeps every record it is given, by {@code collector} name, for the test to read. */
public class CollectingSinkConnector extends SinkConnector {

  public static final Map<String, Queue<SinkRecord>> COLLECTED = new ConcurrentHashMap<>();

  private Map<String, String> props;

  public static Queue<SinkRecord> collected(String collector) {
    return COLLECTED.computeIfAbsent(collector, c -> new ConcurrentLinkedQueue<>());
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
    return new ConfigDef().define("collector", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "collector name");
  }

  @Override
  public String version() {
    return "test";
  }

  public static class Task extends SinkTask {
    private Queue<SinkRecord> target;

    @Override
    public void start(Map<String, String> props) {
      target = collected(props.get("collector"));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
      target.addAll(records);
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
      return "test";
    }
  }
}
