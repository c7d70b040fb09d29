package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.avro.it.ReadingsSourceConnector;
import io.strom.registry.SchemaRegistryServer;
import io.strom.testkit.CollectingSinkConnector;
import io.strom.testkit.ConnectClusters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The converter in a real Connect cluster: a source connector writes Avro through it, a sink
 * connector reads it back, the schemas sit under the expected subjects, and after a registry
 * restart (and beside a second instance) the ids are the same. Bad records on the topic go to the
 * sink's dead letter queue with the converter's reason, while every good record arrives.
 */
@Timeout(240)
class AvroConverterConnectIT {

  private static final String TOPIC = "readings";
  private static final int COUNT = 50;
  private static final String CONVERTER = AvroConverter.class.getName();

  private static EmbeddedConnectCluster connect;
  private static SchemaRegistryServer registry;

  @BeforeAll
  static void start() {
    connect = ConnectClusters.start("avro-it", 1, Map.of());
    registry = startRegistry(0);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (connect != null) {
      connect.stop();
    }
  }

  private static SchemaRegistryServer startRegistry(int port) {
    return SchemaRegistryServer.start(Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "http://127.0.0.1:" + port,
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers()));
  }

  private static Map<String, String> withConverters(Map<String, String> config, String registryUrl) {
    Map<String, String> props = new HashMap<>(config);
    props.put("key.converter", CONVERTER);
    props.put("key.converter.schema.registry.url", registryUrl);
    props.put("value.converter", CONVERTER);
    props.put("value.converter.schema.registry.url", registryUrl);
    return props;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void sourceWritesSinkReadsRegistryRestartsAndBadRecordsGoToTheDeadLetterQueue() throws Exception {
    String url = registry.url();
    connect.kafka().createTopic(TOPIC, 1);
    connect.configureConnector("readings-source", withConverters(Map.of(
        "connector.class", ReadingsSourceConnector.class.getName(),
        "tasks.max", "1",
        "topic", TOPIC,
        "count", Integer.toString(COUNT)), url));
    connect.configureConnector("readings-sink", withConverters(Map.of(
        "connector.class", CollectingSinkConnector.class.getName(),
        "tasks.max", "1",
        "topics", TOPIC), url));

    Queue<SinkRecord> first = CollectingSinkConnector.received("readings-sink");
    await(COUNT + " records in the sink", () -> first.size() >= COUNT);
    assertThat(first).hasSize(COUNT);
    List<SinkRecord> received = new ArrayList<>(first);
    for (int i = 0; i < COUNT; i++) {
      SinkRecord record = received.get(i);
      assertThat(record.value()).isEqualTo(ReadingsSourceConnector.reading(i));
      assertThat(record.valueSchema()).isEqualTo(ReadingsSourceConnector.READING);
      assertThat(record.key()).isEqualTo("s" + (i % 3));
    }

    // The schemas sit under TopicNameStrategy's subjects.
    SchemaRegistryClient client = new SchemaRegistryClient(List.of(url), null, 0);
    RegisteredSchema valueSchema = client.latest(TOPIC + "-value");
    RegisteredSchema keySchema = client.latest(TOPIC + "-key");
    assertThat(valueSchema.schema().getFullName()).isEqualTo("io.strom.test.Reading");
    assertThat(valueSchema.schema().getObjectProp("connect.version")).isEqualTo(1);
    assertThat(keySchema.schema().getType()).isEqualTo(org.apache.avro.Schema.Type.STRING);
    connect.deleteConnector("readings-source");
    connect.deleteConnector("readings-sink");

    // A second instance on the same topic agrees; a restarted one keeps every id.
    try (SchemaRegistryServer second = startRegistry(0)) {
      SchemaRegistryClient secondClient = new SchemaRegistryClient(List.of(second.url()), null, 0);
      assertThat(secondClient.latest(TOPIC + "-value").id()).isEqualTo(valueSchema.id());
      assertThat(secondClient.latest(TOPIC + "-key").id()).isEqualTo(keySchema.id());
    }
    int port = registry.port();
    registry.close();
    registry = startRegistry(port);
    assertThat(client.latest(TOPIC + "-value").id()).isEqualTo(valueSchema.id());
    assertThat(client.latest(TOPIC + "-key").id()).isEqualTo(keySchema.id());
    assertThat(client.schemaById(valueSchema.id())).isEqualTo(valueSchema.schema());

    // Bad records after the good ones: wrong magic byte, unknown schema id, truncated body.
    byte[] good = new AvroConverterWire(valueSchema.id()).header();
    try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
      producer.send(new ProducerRecord<>(TOPIC, null, "{\"json\":true}".getBytes(StandardCharsets.UTF_8))).get();
      producer.send(new ProducerRecord<>(TOPIC, null, new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 3})).get();
      producer.send(new ProducerRecord<>(TOPIC, null, new byte[] {good[0], good[1], good[2], good[3], good[4], 0x02})).get();
    }

    // A new sink (fresh converters, so every schema comes from the restarted registry) with a DLQ.
    Map<String, String> dlqSink = new HashMap<>(Map.of(
        "connector.class", CollectingSinkConnector.class.getName(),
        "tasks.max", "1",
        "topics", TOPIC,
        "errors.tolerance", "all",
        "errors.deadletterqueue.topic.name", "readings-dlq",
        "errors.deadletterqueue.topic.replication.factor", "1",
        "errors.deadletterqueue.context.headers.enable", "true"));
    connect.configureConnector("readings-sink-2", withConverters(dlqSink, registry.url()));
    Queue<SinkRecord> afterRestart = CollectingSinkConnector.received("readings-sink-2");
    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(3, 90_000, "readings-dlq");
    await(COUNT + " records in the second sink", () -> afterRestart.size() >= COUNT);
    assertThat(new ArrayList<>(afterRestart)).extracting(r -> (Struct) r.value())
        .containsExactlyElementsOf(received.stream().map(r -> (Struct) r.value()).toList());

    List<ConsumerRecord<byte[], byte[]>> deadRecords = new ArrayList<>();
    dead.forEach(deadRecords::add);
    assertThat(deadRecords).hasSize(3);
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : deadRecords) {
      assertThat(header(record, "__connect.errors.topic")).isEqualTo(TOPIC);
      assertThat(header(record, "__connect.errors.partition")).isEqualTo("0");
      assertThat(Long.parseLong(header(record, "__connect.errors.offset"))).isGreaterThanOrEqualTo(COUNT);
      assertThat(header(record, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
      assertThat(header(record, "__connect.errors.exception.class.name"))
          .isEqualTo("org.apache.kafka.connect.errors.DataException");
      String message = header(record, "__connect.errors.exception.message");
      assertThat(message).contains("topic '" + TOPIC + "'");
      reasons.add(message);
    }
    assertThat(reasons.get(0)).contains("magic byte 0x7b");
    assertThat(reasons.get(1)).contains("40403");
    assertThat(reasons.get(2)).contains("truncated body");
  }

  /** The 5-byte header of Confluent's wire format for one schema id. */
  private record AvroConverterWire(int id) {
    byte[] header() {
      return new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }
  }
}
