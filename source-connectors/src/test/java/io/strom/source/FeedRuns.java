package io.strom.source;

import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.source.login.LoginSourceConnector;
import io.strom.source.sim.Feed;
import io.strom.source.sim.SimulatedSourceConnector;
import io.strom.source.sim.Simulation;
import io.strom.source.stock.StockTickSourceConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/** Runs a feed in-process, without Connect: the reference the tests compare Connect's output with. */
public record FeedRuns(String name, Supplier<SimulatedSourceConnector> connectors, Feed feed) {

  public static Stream<FeedRuns> all() {
    return Stream.of(
        new FeedRuns("iot", IotSensorSourceConnector::new, IotSensorSourceConnector.FEED),
        new FeedRuns("logins", LoginSourceConnector::new, LoginSourceConnector.FEED),
        new FeedRuns("stocks", StockTickSourceConnector::new, StockTickSourceConnector.FEED));
  }

  @Override
  public String toString() {
    return name;
  }

  /** A finite, reproducible config: fixed start time, unpaced clock, {@code maxRecords} records. */
  public static Map<String, String> finiteProps(long maxRecords) {
    Map<String, String> props = new HashMap<>();
    props.put("start.time", "2026-01-01T00:00:00Z");
    props.put("time.acceleration", "0");
    props.put("rate.per.second", "1000000");
    props.put("max.records", Long.toString(maxRecords));
    return props;
  }

  /** Task configs as the connector hands them out for {@code tasks} tasks. */
  public List<Map<String, String>> taskConfigs(Map<String, String> props, int tasks) {
    SimulatedSourceConnector connector = connectors.get();
    connector.start(props);
    return connector.taskConfigs(tasks);
  }

  /** Every record of a finite run with {@code tasks} tasks, task after task. */
  public List<SourceRecord> run(Map<String, String> props, int tasks) {
    List<SourceRecord> records = new ArrayList<>();
    for (Map<String, String> taskConfig : taskConfigs(props, tasks)) {
      Simulation simulation = Simulation.forTask(feed, taskConfig, partitions -> Map.of());
      while (!simulation.finished()) {
        records.addAll(simulation.poll(500, Long.MAX_VALUE));
      }
    }
    return records;
  }

  /** The value converter the tests serialize with (JSON with its schema envelope). */
  public static JsonConverter jsonConverter() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true"), false);
    return converter;
  }
}
