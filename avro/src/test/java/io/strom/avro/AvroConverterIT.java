package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.registry.SchemaRegistryServer;
import io.strom.testkit.TestKeystores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converter against a running registry: Confluent's wire format byte for byte (fixtures
 * computed by hand from the documented format: magic byte 0, 4-byte big-endian schema id, Avro
 * binary body), schema evolution, subject name strategies, and bad input.
 */
@Timeout(120)
class AvroConverterIT {

  private static EmbeddedKafkaCluster kafka;
  private static SchemaRegistryServer registry;
  private static SchemaRegistryClient client;

  private static final Schema READING_V1 = SchemaBuilder.struct().name("io.strom.test.Reading")
      .field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.STRING_SCHEMA)
      .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .build();

  @BeforeAll
  static void start() {
    kafka = new EmbeddedKafkaCluster(1, new Properties());
    kafka.start();
    registry = SchemaRegistryServer.start(Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "http://127.0.0.1:0",
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    client = new SchemaRegistryClient(List.of(registry.url()), null, 0); // no caching of latest
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
  }

  private static AvroConverter converter(boolean isKey, Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(extra);
    config.put("schema.registry.url", registry.url());
    AvroConverter converter = new AvroConverter();
    converter.configure(config, isKey);
    return converter;
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static String idHex(int id) {
    return String.format("%08x", id);
  }

  @Test
  void writesConfluentsWireFormatByteForByte() {
    AvroConverter converter = converter(false, Map.of());
    Struct reading = new Struct(READING_V1).put("id", 42L).put("name", "Ada").put("score", null);
    byte[] bytes = converter.fromConnectData("readings", READING_V1, reading);

    RegisteredSchema registered = client.latest("readings-value");
    assertThat(registered.version()).isEqualTo(1);
    assertThat(registered.schema().toString()).isEqualTo(
        "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"io.strom.test\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"score\",\"type\":[\"null\",\"double\"],\"default\":null}],"
            + "\"connect.name\":\"io.strom.test.Reading\"}");
    // 00 | id | long 42 -> zigzag 84 = 0x54 | string: zigzag length 3 = 0x06, "Ada" | union branch 0 (null)
    assertThat(bytes).isEqualTo(hex("00" + idHex(registered.id()) + "54 06 416461 00"));

    // score 1.5: union branch 1 = 0x02, then the double little-endian (0x3FF8000000000000).
    byte[] withScore = converter.fromConnectData("readings", READING_V1,
        new Struct(READING_V1).put("id", -1L).put("name", "").put("score", 1.5));
    assertThat(withScore).isEqualTo(hex("00" + idHex(registered.id()) + "01 00 02 000000000000f83f"));

    SchemaAndValue back = converter.toConnectData("readings", bytes);
    assertThat(back.value()).isEqualTo(reading);
    assertThat(back.schema()).isEqualTo(READING_V1);
    assertThat(converter.fromConnectData("readings", READING_V1, null)).isNull();
    assertThat(converter.toConnectData("readings", null)).isEqualTo(SchemaAndValue.NULL);
  }

  @Test
  void readsRecordsWrittenWithAnotherSchemaVersion() {
    // v1 {id, name}, then v2 adds unit with default "C" (BACKWARD compatible).
    Schema v1 = SchemaBuilder.struct().name("io.strom.test.Sensor")
        .field("id", Schema.INT64_SCHEMA).field("name", Schema.STRING_SCHEMA).build();
    Schema v2 = SchemaBuilder.struct().name("io.strom.test.Sensor")
        .field("id", Schema.INT64_SCHEMA).field("name", Schema.STRING_SCHEMA)
        .field("unit", SchemaBuilder.string().defaultValue("C").build()).build();
    AvroConverter writer = converter(false, Map.of());
    byte[] written1 = writer.fromConnectData("sensors", v1, new Struct(v1).put("id", 7L).put("name", "t1"));
    int id1 = client.latest("sensors-value").id();
    writer.fromConnectData("sensors", v2, new Struct(v2).put("id", 8L).put("name", "t2").put("unit", "F"));
    int id2 = client.latest("sensors-value").id();
    assertThat(id2).isNotEqualTo(id1);

    // A v1 record, by hand: 00 | id1 | long 7 -> 0x0e | "t1" -> 0x04 7431
    byte[] v1Fixture = hex("00" + idHex(id1) + "0e 04 7431");
    assertThat(written1).isEqualTo(v1Fixture);

    // Read as written (Confluent's default): the v1 schema.
    SchemaAndValue asWritten = converter(false, Map.of()).toConnectData("sensors", v1Fixture);
    assertThat(asWritten.schema().fields()).hasSize(2);
    assertThat(((Struct) asWritten.value()).getString("name")).isEqualTo("t1");

    // Projected onto the latest version: the missing field takes its default.
    AvroConverter latestReader = converter(false, Map.of("use.latest.version", "true", "auto.register.schemas", "false"));
    SchemaAndValue projected = latestReader.toConnectData("sensors", v1Fixture);
    assertThat(projected.schema()).isEqualTo(v2);
    assertThat(projected.value()).isEqualTo(new Struct(v2).put("id", 7L).put("name", "t1").put("unit", "C"));
    // A v2 record through the same reader: no projection needed. 00 | id2 | 0x10 | "t2" | "F"
    SchemaAndValue current = latestReader.toConnectData("sensors", hex("00" + idHex(id2) + "10 04 7432 02 46"));
    assertThat(current.value()).isEqualTo(new Struct(v2).put("id", 8L).put("name", "t2").put("unit", "F"));

    // Writing with use.latest.version: a v1-shaped struct cannot fill v2's field... but a v2 one writes with id2.
    byte[] latestWritten = latestReader.fromConnectData("sensors", v2,
        new Struct(v2).put("id", 8L).put("name", "t2").put("unit", "F"));
    assertThat(latestWritten).isEqualTo(hex("00" + idHex(id2) + "10 04 7432 02 46"));
  }

  @Test
  void keysAndSubjectNameStrategies() {
    AvroConverter keys = converter(true, Map.of());
    byte[] key = keys.fromConnectData("orders", Schema.STRING_SCHEMA, "k1");
    RegisteredSchema keySchema = client.latest("orders-key");
    assertThat(keySchema.schema().getType()).isEqualTo(org.apache.avro.Schema.Type.STRING);
    assertThat(key).isEqualTo(hex("00" + idHex(keySchema.id()) + "04 6b31"));
    assertThat(keys.toConnectData("orders", key).value()).isEqualTo("k1");

    Struct reading = new Struct(READING_V1).put("id", 1L).put("name", "x");
    converter(false, Map.of("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
        .fromConnectData("any-topic", READING_V1, reading);
    assertThat(client.latest("io.strom.test.Reading").schema().getFullName()).isEqualTo("io.strom.test.Reading");
    converter(false, Map.of("value.subject.name.strategy", "TopicRecordNameStrategy"))
        .fromConnectData("mixed", READING_V1, reading);
    assertThat(client.latest("mixed-io.strom.test.Reading").version()).isEqualTo(1);
    converter(true, Map.of("key.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicNameStrategy"))
        .fromConnectData("keyed", Schema.INT64_SCHEMA, 5L);
    assertThat(client.latest("keyed-key").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.LONG);
  }

  @Test
  void withoutAutoRegisterTheSchemaMustBeRegistered() {
    Schema schema = SchemaBuilder.struct().name("io.strom.test.Manual").field("n", Schema.INT32_SCHEMA).build();
    AvroConverter strict = converter(false, Map.of("auto.register.schemas", "false"));
    Struct value = new Struct(schema).put("n", 1);
    assertThatThrownBy(() -> strict.fromConnectData("manual", schema, value))
        .isInstanceOf(DataException.class).hasMessageContaining("manual").hasMessageContaining("40401");
    int id = client.register("manual-value", new AvroData(10).fromConnectSchema(schema));
    assertThat(strict.fromConnectData("manual", schema, value)).isEqualTo(hex("00" + idHex(id) + "02"));
  }

  @Test
  void badInputFailsWithDataExceptionsThatSayWhy() {
    AvroConverter converter = converter(false, Map.of());
    byte[] good = converter.fromConnectData("bad", READING_V1, new Struct(READING_V1).put("id", 1L).put("name", "abc"));

    byte[] wrongMagic = good.clone();
    wrongMagic[0] = 1;
    assertThatThrownBy(() -> converter.toConnectData("bad", wrongMagic))
        .isInstanceOf(DataException.class).hasMessageContaining("topic 'bad'").hasMessageContaining("magic byte 0x01");
    assertThatThrownBy(() -> converter.toConnectData("bad", "{\"json\":1}".getBytes()))
        .isInstanceOf(DataException.class).hasMessageContaining("magic byte 0x7b");
    assertThatThrownBy(() -> converter.toConnectData("bad", hex("00 7fffff00 02")))
        .isInstanceOf(DataException.class).hasMessageContaining("topic 'bad'").hasMessageContaining("40403")
        .hasMessageContaining("2147483392");
    assertThatThrownBy(() -> converter.toConnectData("bad", hex("00 0000")))
        .isInstanceOf(DataException.class).hasMessageContaining("truncated record: 3 bytes");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 2);
    assertThatThrownBy(() -> converter.toConnectData("bad", truncated))
        .isInstanceOf(DataException.class).hasMessageContaining("topic 'bad'").hasMessageContaining("truncated body");
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 3);
    assertThatThrownBy(() -> converter.toConnectData("bad", trailing))
        .isInstanceOf(DataException.class).hasMessageContaining("left over");

    Schema other = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
    assertThatThrownBy(() -> converter.fromConnectData("bad2", other, new Struct(other)))
        .isInstanceOf(DataException.class).hasMessageContaining("topic 'bad2'").hasMessageContaining("null value");
    assertThatThrownBy(() -> converter.fromConnectData("bad", null, "schemaless"))
        .isInstanceOf(DataException.class).hasMessageContaining("no Connect schema");
  }

  @Test
  void talksToAnHttpsRegistryWithBasicAuthThroughItsTruststore(@TempDir Path dir) throws Exception {
    TestKeystores tls = TestKeystores.create(dir);
    Path users = dir.resolve("users.properties");
    Files.writeString(users, "connect: s3cret\n");
    try (SchemaRegistryServer secure = SchemaRegistryServer.start(Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "https://127.0.0.1:0",
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        SchemaRegistryServer.TOPIC_CONFIG, "_schemas_tls",
        "ssl.keystore.location", tls.keystore().toString(),
        "ssl.keystore.password", tls.password(),
        "authentication.method", "BASIC",
        "authentication.users.file", users.toString()))) {
      Map<String, String> config = new HashMap<>();
      config.put("schema.registry.url", secure.url());
      config.put("schema.registry.ssl.truststore.location", tls.truststore().toString());
      config.put("schema.registry.ssl.truststore.password", tls.password());
      config.put("basic.auth.credentials.source", "USER_INFO");
      config.put("basic.auth.user.info", "connect:s3cret");
      AvroConverter converter = new AvroConverter();
      converter.configure(config, false);
      Struct reading = new Struct(READING_V1).put("id", 7L).put("name", "Tls").put("score", 0.5);
      byte[] bytes = converter.fromConnectData("secure", READING_V1, reading);
      assertThat(converter.toConnectData("secure", bytes).value()).isEqualTo(reading);

      config.put("basic.auth.user.info", "connect:wrong");
      AvroConverter wrongPassword = new AvroConverter();
      wrongPassword.configure(config, false);
      assertThatThrownBy(() -> wrongPassword.fromConnectData("secure", READING_V1, reading))
          .isInstanceOf(DataException.class).hasStackTraceContaining("with HTTP 401");

      config.put("schema.registry.ssl.truststore.password", "not-it");
      assertThatThrownBy(() -> new AvroConverter().configure(config, false))
          .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.ssl.truststore.location")
          .hasMessageContaining("cannot load the truststore");
    }
  }
}
