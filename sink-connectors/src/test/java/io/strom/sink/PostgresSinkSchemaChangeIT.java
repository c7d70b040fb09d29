package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.connectorConfig;
import static io.strom.sink.SinkTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.avro.AvroConverter;
import io.strom.registry.SchemaRegistryServer;
import io.strom.testkit.ConnectClusters;
import io.strom.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A value schema that changes inside one batch (issue 13, defect 0), through Strom's Avro
 * converter and registry: 200 records of v1 ({@code name}, {@code age}) and 50 of v2 (an added
 * optional {@code email}) produced at once, in either order. Every field of every record lands:
 * each schema version starts its own batch, and each batch evolves the table before it writes.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PostgresSinkSchemaChangeIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Schema V1 = SchemaBuilder.struct().name("io.strom.test.User").version(1)
      .field("name", Schema.STRING_SCHEMA).field("age", Schema.INT32_SCHEMA).build();
  private static final Schema V2 = SchemaBuilder.struct().name("io.strom.test.User").version(2)
      .field("name", Schema.STRING_SCHEMA).field("age", Schema.INT32_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA).build();

  private static TestPostgres postgres;
  private static EmbeddedConnectCluster cluster;
  private static SchemaRegistryServer registry;
  private static KafkaProducer<byte[], byte[]> producer;
  private static AvroConverter serializer;

  @BeforeAll
  static void start() {
    postgres = TestPostgres.start();
    cluster = ConnectClusters.start("sink-schema-change", 1, Map.of());
    registry = SchemaRegistryServer.start(Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "http://127.0.0.1:0",
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka().bootstrapServers()));
    producer = SinkTestSupport.producer(cluster);
    serializer = new AvroConverter();
    serializer.configure(Map.of("schema.registry.url", registry.url()), false);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    SinkTestSupport.stopAll(producer, cluster, postgres);
  }

  @Test
  void v1ThenV2InOneBatchKeepsEveryEmail() throws Exception {
    assertEveryFieldLands("users_v1_v2", true);
  }

  @Test
  void v2ThenV1InOneBatchKeepsEveryEmail() throws Exception {
    assertEveryFieldLands("users_v2_v1", false);
  }

  private static void assertEveryFieldLands(String topic, boolean v1First) throws Exception {
    cluster.kafka().createTopic(topic, 1);
    Map<String, String> config = connectorConfig(topic, postgres);
    config.put("key.converter", StringConverter.class.getName());
    config.put("value.converter", AvroConverter.class.getName());
    config.put("value.converter.schema.registry.url", registry.url());
    config.put("auto.evolve", "true");
    config.put("batch.size", "10000"); // all 250 in one flush
    cluster.configureConnector(topic, config);
    cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning(topic, 1, "the sink did not start");

    List<List<Object>> expected = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    if (v1First) {
      range(order, 0, 200);
      range(order, 200, 250);
    } else {
      range(order, 200, 250);
      range(order, 0, 200);
    }
    for (int i : order) {
      boolean v2 = i >= 200;
      Struct user = new Struct(v2 ? V2 : V1).put("name", "user-" + i).put("age", 20 + i % 50);
      if (v2) {
        user.put("email", "user-" + i + "@example.org");
      }
      producer.send(new ProducerRecord<>(topic, 0, null, serializer.fromConnectData(topic, user.schema(), user)));
    }
    producer.flush();
    for (int i = 0; i < 250; i++) {
      expected.add(Arrays.asList("user-" + i, 20 + i % 50, i >= 200 ? "user-" + i + "@example.org" : null));
    }

    awaitScalar(postgres, "SELECT count(*) FROM " + topic, 250, WAIT);
    assertThat(query(postgres, "SELECT name, age, email FROM " + topic
        + " ORDER BY substr(name, 6)::int")).containsExactlyElementsOf(expected);
    assertThat(query(postgres, "SELECT kafka_partition, next_offset FROM strom_sink_offsets WHERE connector = '"
        + topic + "'")).containsExactly(List.of(0, 250L));
    cluster.deleteConnector(topic);
  }

  private static void range(List<Integer> into, int from, int to) {
    for (int i = from; i < to; i++) {
      into.add(i);
    }
  }
}
