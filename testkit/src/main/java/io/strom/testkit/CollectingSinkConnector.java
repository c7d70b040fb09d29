package io.strom.testkit;

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

/**
 * Test-only sink: keeps every record it is given (after converters and transforms), by connector
 * name, in this JVM, for the test to read with {@link #received(String)}. Listed in testkit's
 * ServiceLoader manifest, so workers with {@code plugin.discovery=service_load} find it.
 */
public final class CollectingSinkConnector extends SinkConnector {

  private static final Map<String, Queue<SinkRecord>> RECEIVED = new ConcurrentHashMap<>();

  private Map<String, String> props;

  /** Records received so far by the connector named {@code connector} (live view). */
  public static Queue<SinkRecord> received(String connector) {
    return RECEIVED.computeIfAbsent(connector, c -> new ConcurrentLinkedQueue<>());
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = props;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return CollectingTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public String version() {
    return "test";
  }

  public static final class CollectingTask extends SinkTask {
    private Queue<SinkRecord> received;

    @Override
    public void start(Map<String, String> props) {
      received = received(props.get("name"));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
      received.addAll(records);
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
      return "test";
    }
  }
}
