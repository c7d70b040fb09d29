package io.strom.platform.process;

import static io.strom.platform.process.EnrichmentFeed.LOGINS;
import static io.strom.platform.process.EnrichmentFeed.MODELS;
import static io.strom.platform.process.EnrichmentFeed.READINGS;
import static io.strom.platform.process.EnrichmentFeed.USERS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A run of the shipped enrichment rules (config/rules/enrichment/enrichment.sql) on the fault
 * platform: one PostgreSQL sink connector per rule, as docs/sink.md deploys them (the stream and
 * table topics of the join as its inputs, two tasks, two co-partitioned partitions per topic), fed
 * by a plain producer with the phases of an {@link EnrichmentFeed}.
 *
 * <p>The sink reads a table's change before a stream record only if the consumer returns it
 * first; ksqlDB without versioned tables is the same. So that the reference can say which table row
 * each stream record must meet, each phase's table changes are sent, and stored by the sink (its
 * offsets in PostgreSQL), before its stream records are sent, and those are stored before the
 * next phase's changes. A task that restarts resumes from stored offsets on both topics, so a
 * rewind never re-reads a change together with stream records sent before it.
 */
final class EnrichmentRun implements MeasuredRun {

  static final Path RULES = Path.of(System.getProperty("strom.home", ".."), "config", "rules", "enrichment",
      "enrichment.sql").toAbsolutePath().normalize();
  static final int PARTITIONS = 2;
  private static final Duration STORED_WITHIN = Duration.ofSeconds(150);
  private static final String TS = "{\"name\": \"ts\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}}";

  /** A record as the producer wrote it: where it landed. */
  record Written(EnrichmentFeed.Record record, int partition, long offset) {}

  final String name;
  final String database;
  final String loginsSink;
  final String readingsSink;
  private final FaultPlatform platform;
  private final List<EnrichmentFeed.Phase> phases;
  private final int streamRecordsPerSecond;
  private final long streamRecords;
  private final List<Written> written = new ArrayList<>();
  private final Map<String, Integer> schemaIds = new HashMap<>();
  private final Map<String, Schema> schemas = Map.of(
      USERS, avro("User", "{\"name\": \"home_country\", \"type\": \"string\"}"),
      LOGINS, avro("Login", "{\"name\": \"ip\", \"type\": \"string\"}, {\"name\": \"country\", \"type\": \"string\"},"
          + " {\"name\": \"device\", \"type\": \"string\"}, {\"name\": \"success\", \"type\": \"boolean\"}, " + TS),
      MODELS, avro("DeviceModel", "{\"name\": \"max_temperature\", \"type\": \"double\"},"
          + " {\"name\": \"max_vibration\", \"type\": \"double\"}"),
      READINGS, avro("Reading", "{\"name\": \"device_id\", \"type\": \"string\"}, {\"name\": \"site\", \"type\": \"string\"}, "
          + TS + ", {\"name\": \"temperature\", \"type\": \"double\"}, {\"name\": \"vibration\", \"type\": \"double\"}"));

  EnrichmentRun(FaultPlatform platform, String name, List<EnrichmentFeed.Phase> phases, int streamRecordsPerSecond) {
    this.platform = platform;
    this.name = name;
    this.database = name.replace('-', '_');
    this.loginsSink = name + "-logins";
    this.readingsSink = name + "-readings";
    this.phases = phases;
    this.streamRecordsPerSecond = streamRecordsPerSecond;
    this.streamRecords = phases.stream().mapToLong(p -> p.streamRecords().size()).sum();
  }

  private static Schema avro(String record, String fields) {
    return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"" + record
        + "\", \"namespace\": \"io.strom.faults.enrichment\", \"fields\": [" + fields + "]}");
  }

  /** The sink for one rule of the shipped file, reading its stream and table topics. */
  private ObjectNode sinkConfig(String rule, String streamTopic, String tableTopic) {
    ObjectNode c = FaultPlatform.object();
    c.put("connector.class", "io.strom.sink.PostgresSinkConnector");
    c.put("tasks.max", "2");
    c.put("topics", streamTopic + "," + tableTopic);
    c.put("connection.url", platform.postgres().jdbcUrl(database));
    c.put("connection.user", DebianPostgres.USER);
    c.put("connection.password", "unused");
    c.put("auto.create", "true");
    c.put("rules.file", RULES.toString());
    c.put("rules.statement", rule);
    c.put("write.records", "false");
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "io.strom.avro.AvroConverter");
    c.put("value.converter.schema.registry.url", platform.registryUrl());
    // No DLQ: a record the sink could not read would fail its task, and so the run, loudly.
    c.put("errors.retry.timeout", "-1");
    c.put("errors.retry.delay.max.ms", "30000");
    return c;
  }

  /** Creates the database, the topics and the value schemas, then both sinks. */
  void start() throws Exception {
    platform.postgres().createDatabase(database);
    for (String topic : List.of(LOGINS, USERS, READINGS, MODELS)) {
      platform.createTopic(topic, PARTITIONS);
      schemaIds.put(topic, AvroWire.register(platform.registryUrl(), topic + "-value", schemas.get(topic)));
    }
    platform.putConnector(loginsSink, sinkConfig("away_from_home_logins", LOGINS, USERS));
    platform.putConnector(readingsSink, sinkConfig("model_limit_alerts", READINGS, MODELS));
  }

  /**
   * Sends every phase: its table changes, then (once the sinks stored them) its stream records at
   * the configured rate, then waits until the sinks stored those too. Returns when all is stored.
   */
  void feed() throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, // keeps each partition in send order across retries
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (EnrichmentFeed.Phase phase : phases) {
        send(producer, phase.tableChanges(), 0);
        awaitStored();
        send(producer, phase.streamRecords(), streamRecordsPerSecond);
        awaitStored();
      }
    }
  }

  /** Sends the records in order ({@code perSecond} 0: at once), then records where each landed. */
  private void send(KafkaProducer<String, byte[]> producer, List<EnrichmentFeed.Record> records, int perSecond) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < records.size(); i++) {
      EnrichmentFeed.Record r = records.get(i);
      sent.add(producer.send(new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), value(r))));
      if (perSecond > 0 && i % 50 == 49) {
        long due = start + (i + 1) * 1_000_000_000L / perSecond;
        FaultPlatform.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
      }
    }
    producer.flush();
    synchronized (written) {
      for (int i = 0; i < records.size(); i++) {
        RecordMetadata m = sent.get(i).get();
        written.add(new Written(records.get(i), m.partition(), m.offset()));
      }
    }
  }

  private byte[] value(EnrichmentFeed.Record r) {
    if (r.value() == null) {
      return null;
    }
    GenericRecord avro = new GenericData.Record(schemas.get(r.topic()));
    r.value().forEach((field, v) -> avro.put(field, v instanceof Instant i ? i.toEpochMilli() : v));
    return AvroWire.framed(schemaIds.get(r.topic()), AvroWire.encode(avro));
  }

  /** Waits until each sink's offsets in PostgreSQL have passed every record written to its topics. */
  private void awaitStored() {
    Map<TopicPartition, Long> due = new HashMap<>();
    synchronized (written) {
      for (Written w : written) {
        due.merge(new TopicPartition(w.record().topic(), w.partition()), w.offset() + 1, Math::max);
      }
    }
    long deadline = System.nanoTime() + STORED_WITHIN.toNanos();
    while (true) {
      Map<TopicPartition, Long> stored = stored();
      if (due.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + ": the sinks did not store their input within " + STORED_WITHIN.toSeconds()
            + " s: due " + due + ", stored " + stored + "; " + statuses());
      }
      FaultPlatform.sleep(200);
    }
  }

  /** The next offset each sink stored per partition (its connector is implied by the topic); empty while PostgreSQL cannot tell. */
  private Map<TopicPartition, Long> stored() {
    Map<TopicPartition, Long> stored = new HashMap<>();
    try (Connection c = platform.postgres().connect(database); PreparedStatement s = c.prepareStatement(
        "SELECT topic, kafka_partition, next_offset FROM strom_sink_offsets WHERE connector IN (?, ?)")) {
      s.setString(1, loginsSink);
      s.setString(2, readingsSink);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      // the table is not created yet, or the server is busy: not stored yet
    }
    return stored;
  }

  /** Every record in the order it was sent, with its partition and offset. */
  List<Written> written() {
    synchronized (written) {
      return List.copyOf(written);
    }
  }

  private List<TopicPartition> partitions(String... topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
    }
    return partitions;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long records() {
    return streamRecords;
  }

  /** Stream records (logins and readings) whose offsets the sinks have stored. */
  @Override
  public long landed() {
    return stored().entrySet().stream().filter(e -> e.getKey().topic().equals(LOGINS) || e.getKey().topic().equals(READINGS))
        .mapToLong(e -> Math.max(0, e.getValue())).sum();
  }

  @Override
  public long sinkLag() {
    long logins = platform.sinkLag(loginsSink, partitions(LOGINS, USERS));
    long readings = platform.sinkLag(readingsSink, partitions(READINGS, MODELS));
    return logins < 0 || readings < 0 ? -1 : logins + readings;
  }

  @Override
  public long produced() {
    return platform.endOffsetSum(partitions(LOGINS, READINGS));
  }

  @Override
  public List<String> connectors() {
    return List.of(loginsSink, readingsSink);
  }

  @Override
  public String sourceConnector() {
    return null;
  }

  @Override
  public String statuses() {
    return connectors().stream().map(platform::status).collect(Collectors.joining("; "));
  }

  void delete() {
    connectors().forEach(platform::deleteConnector);
  }
}
