package io.strom.platform.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * One pipeline run of the fault matrix, in a database and topics of its own so that the runs of
 * a test class share one platform: the simulated IoT source (a fixed record count for a seed, so
 * the run ends) into a topic of three partitions, and the PostgreSQL sink writing the readings
 * with two hosted rules (an alert stream and a windowed aggregate). {@link #awaitAll} waits until
 * every record has landed and the sink has caught up; {@link Tables} then reads what is there.
 */
final class FaultRun implements MeasuredRun {

  static final int PARTITIONS = 3;
  static final int SOURCE_TASKS = 2;
  // Mid-afternoon, near the daily temperature peak: the alert rule fires for part of the devices.
  static final String START_TIME = "2026-01-01T14:00:00Z";

  final String name;
  final long seed;
  final long records;
  final int ratePerTask;
  final String topic;
  final String database;
  final String dlqTopic;
  final String source;
  final String sink;
  private final FaultPlatform platform;

  FaultRun(FaultPlatform platform, String name, long seed, long records, int ratePerTask) {
    this.platform = platform;
    this.name = name;
    this.seed = seed;
    this.records = records;
    this.ratePerTask = ratePerTask;
    this.topic = name + ".readings";
    this.database = name.replace('-', '_');
    this.dlqTopic = name + ".dlq";
    this.source = name + "-source";
    this.sink = name + "-sink";
  }

  /** The source connector's settings; the reference generates its records from the same map. */
  Map<String, String> sourceConfig() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", "io.strom.source.iot.IotSensorSourceConnector");
    c.put("tasks.max", Integer.toString(SOURCE_TASKS));
    c.put("topic", topic);
    c.put("devices", "20");
    c.put("sites", "2");
    c.put("seed", Long.toString(seed));
    c.put("start.time", START_TIME);
    c.put("time.acceleration", "0");
    c.put("rate.per.second", Integer.toString(ratePerTask));
    c.put("batch.size", "100");
    c.put("max.records", Long.toString(records));
    c.put("exactly.once.support", "required");
    return c;
  }

  /** The hosted rules, over this run's topic: every hot reading, and per device and minute a count and a maximum. */
  String rules() {
    return """
        CREATE STREAM readings (
          device_id STRING KEY, site STRING, ts TIMESTAMP,
          temperature DOUBLE, humidity DOUBLE, pressure DOUBLE, vibration DOUBLE
        ) WITH (kafka_topic = '%s', value_format = 'AVRO', timestamp = 'ts');

        CREATE STREAM hot_readings AS
          SELECT device_id AS `device_id`, ts AS `ts`, temperature AS `temperature`
          FROM readings WHERE temperature > 24.5 EMIT CHANGES;

        -- A day of grace: a record that a fault delays is never late, so the final values do not
        -- depend on how the partitions interleave.
        CREATE TABLE device_minutes AS
          SELECT device_id AS `device_id`, COUNT(*) AS `readings`, MAX(temperature) AS `max_temperature`
          FROM readings
          WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 1 DAY)
          GROUP BY device_id
          EMIT CHANGES;
        """.formatted(topic);
  }

  ObjectNode sinkConfig() {
    ObjectNode c = FaultPlatform.object();
    c.put("connector.class", "io.strom.sink.PostgresSinkConnector");
    c.put("tasks.max", "2");
    c.put("topics", topic);
    c.put("connection.url", platform.postgres().jdbcUrl(database));
    c.put("connection.user", DebianPostgres.USER);
    c.put("connection.password", "unused");
    c.put("table.name.format", "readings");
    c.put("insert.mode", "insert");
    c.put("auto.create", "true");
    c.put("auto.evolve", "true");
    c.put("rules", rules());
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "io.strom.avro.AvroConverter");
    c.put("value.converter.schema.registry.url", platform.registryUrl());
    c.put("errors.tolerance", "all");
    c.put("errors.deadletterqueue.topic.name", dlqTopic);
    c.put("errors.deadletterqueue.topic.replication.factor", "1");
    c.put("errors.deadletterqueue.context.headers.enable", "true");
    return c;
  }

  /** Creates the database and topics, then the sink (so it is ready) and the source. */
  void start() {
    platform.postgres().createDatabase(database);
    platform.createTopic(topic, PARTITIONS);
    platform.createTopic(dlqTopic, 1);
    platform.putConnector(sink, sinkConfig());
    startSource();
  }

  void startSource() {
    ObjectNode c = FaultPlatform.object();
    sourceConfig().forEach(c::put);
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "io.strom.avro.AvroConverter");
    c.put("value.converter.schema.registry.url", platform.registryUrl());
    platform.putConnector(source, c);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long records() {
    return records;
  }

  @Override
  public List<String> connectors() {
    return List.of(source, sink);
  }

  @Override
  public String sourceConnector() {
    return source;
  }

  /** Rows in the readings table now, or -1 while the table does not exist or PostgreSQL is down. */
  @Override
  public long landed() {
    try (Connection c = platform.postgres().connect(database); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /**
   * The sink's consumer lag (transaction markers count, so a drained topic shows a small residue
   * of one marker per transaction after the last commit). -1 when the broker does not answer.
   */
  @Override
  public long sinkLag() {
    return platform.sinkLag(sink, partitions());
  }

  /** The readings topic's end offsets summed over its partitions (it grows while the source produces); -1 when the broker does not answer. */
  @Override
  public long produced() {
    return platform.endOffsetSum(partitions());
  }

  private List<TopicPartition> partitions() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    return partitions;
  }

  /**
   * Waits until the readings table holds at least every record and has stopped changing for a
   * few seconds (a duplicate shows as a count above {@link #records}; the comparison with the
   * reference finds it). {@code whileWaiting} runs about once a second (to sample figures).
   */
  void awaitAll(Duration timeout, Runnable whileWaiting) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -2;
    int stableFor = 0;
    while (System.nanoTime() < deadline) {
      whileWaiting.run();
      long now = landed();
      stableFor = now == last ? stableFor + 1 : 0;
      last = now;
      if (now >= records && stableFor >= 5) {
        return;
      }
      FaultPlatform.sleep(1000);
    }
    throw new AssertionError(name + ": " + last + " of " + records + " readings landed within "
        + timeout.toSeconds() + " s; sink status " + platform.status(sink) + "; source status " + platform.status(source));
  }

  /** Waits until the readings table holds at least {@code count} rows (to fault a run mid-way). */
  void awaitLanded(long count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (landed() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + ": not " + count + " readings within " + timeout.toSeconds() + " s: " + landed()
            + "; sink status " + platform.status(sink));
      }
      FaultPlatform.sleep(200);
    }
  }

  /** Task states of both connectors, for failure messages. */
  @Override
  public String statuses() {
    return List.of(source, sink).stream().map(platform::status).collect(Collectors.joining("; "));
  }

  void delete() {
    platform.deleteConnector(source);
    platform.deleteConnector(sink);
  }
}
