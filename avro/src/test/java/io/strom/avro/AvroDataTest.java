package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** The Connect ⇄ Avro mapping, with Confluent's AvroData conventions, both ways. */
class AvroDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AvroData data = new AvroData(100);

  static final Schema ADDRESS = SchemaBuilder.struct().name("io.strom.test.Address")
      .field("city", Schema.STRING_SCHEMA)
      .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
      .build();

  /** Every Connect type, logical types, optional fields, defaults, names, docs and parameters. */
  static final Schema EVERYTHING = SchemaBuilder.struct().name("io.strom.test.Everything").version(3)
      .doc("all Connect types").parameter("owner", "strom")
      .field("i8", Schema.INT8_SCHEMA)
      .field("i16", Schema.INT16_SCHEMA)
      .field("i32", Schema.INT32_SCHEMA)
      .field("i64", Schema.INT64_SCHEMA)
      .field("f32", Schema.FLOAT32_SCHEMA)
      .field("f64", Schema.FLOAT64_SCHEMA)
      .field("flag", Schema.BOOLEAN_SCHEMA)
      .field("text", Schema.STRING_SCHEMA)
      .field("blob", Schema.BYTES_SCHEMA)
      .field("maybe", Schema.OPTIONAL_INT32_SCHEMA)
      .field("level", SchemaBuilder.string().defaultValue("info").build())
      .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
      .field("counts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
      .field("byId", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
      .field("address", ADDRESS)
      .field("previous", SchemaBuilder.struct().name("io.strom.test.Previous")
          .field("at", Timestamp.SCHEMA).optional().build())
      .field("price", Decimal.schema(2))
      .field("day", Date.SCHEMA)
      .field("time", Time.SCHEMA)
      .field("at", Timestamp.SCHEMA)
      .build();

  static Struct everythingValue() {
    Map<String, Long> counts = new HashMap<>();
    counts.put("a", 1L);
    counts.put("b", 2L);
    Map<Integer, String> byId = new HashMap<>();
    byId.put(7, "seven");
    byId.put(-1, "minus one");
    return new Struct(EVERYTHING)
        .put("i8", (byte) -8)
        .put("i16", (short) 1600)
        .put("i32", 320_000)
        .put("i64", 6_400_000_000L)
        .put("f32", 3.5f)
        .put("f64", -2.25)
        .put("flag", true)
        .put("text", "grüße")
        .put("blob", new byte[] {1, 2, 3})
        .put("maybe", null)
        .put("level", "info")
        .put("tags", List.of("x", "y"))
        .put("counts", counts)
        .put("byId", byId)
        .put("address", new Struct(ADDRESS).put("city", "Bern"))
        .put("previous", null)
        .put("price", new BigDecimal("12.34"))
        .put("day", new java.util.Date(19_000L * 86_400_000L))
        .put("time", new java.util.Date(45_296_789L))
        .put("at", new java.util.Date(1_700_000_000_123L));
  }

  @Test
  void connectSchemaMapsToAvroAsConfluentsAvroDataDoes() throws Exception {
    JsonNode avro = JSON.readTree(data.fromConnectSchema(EVERYTHING).toString());
    assertThat(avro.path("type").asText()).isEqualTo("record");
    assertThat(avro.path("name").asText()).isEqualTo("Everything");
    assertThat(avro.path("namespace").asText()).isEqualTo("io.strom.test");
    assertThat(avro.path("doc").asText()).isEqualTo("all Connect types");
    assertThat(avro.path("connect.version").asInt()).isEqualTo(3);
    assertThat(avro.path("connect.doc").asText()).isEqualTo("all Connect types");
    assertThat(avro.path("connect.parameters").path("owner").asText()).isEqualTo("strom");
    assertThat(avro.path("connect.name").asText()).isEqualTo("io.strom.test.Everything");

    Map<String, JsonNode> fields = new HashMap<>();
    avro.path("fields").forEach(f -> fields.put(f.path("name").asText(), f));
    assertThat(fields.get("i8").path("type").toString()).isEqualTo("{\"type\":\"int\",\"connect.type\":\"int8\"}");
    assertThat(fields.get("i16").path("type").toString()).isEqualTo("{\"type\":\"int\",\"connect.type\":\"int16\"}");
    assertThat(fields.get("i64").path("type").asText()).isEqualTo("long");
    assertThat(fields.get("blob").path("type").asText()).isEqualTo("bytes");
    assertThat(fields.get("maybe").path("type").toString()).isEqualTo("[\"null\",\"int\"]");
    assertThat(fields.get("maybe").get("default").isNull()).isTrue();
    assertThat(fields.get("level").path("default").asText()).isEqualTo("info");
    assertThat(fields.get("counts").path("type").toString()).isEqualTo("{\"type\":\"map\",\"values\":\"long\"}");
    JsonNode byId = fields.get("byId").path("type");
    assertThat(byId.path("type").asText()).isEqualTo("array");
    assertThat(byId.path("items").path("name").asText()).isEqualTo("MapEntry");
    assertThat(byId.path("items").path("namespace").asText()).isEqualTo("io.confluent.connect.avro");
    assertThat(byId.path("items").path("fields").toString())
        .isEqualTo("[{\"name\":\"key\",\"type\":\"int\"},{\"name\":\"value\",\"type\":\"string\"}]");
    assertThat(fields.get("previous").path("type").get(0).asText()).isEqualTo("null");
    assertThat(fields.get("previous").path("type").get(1).path("name").asText()).isEqualTo("Previous");
    JsonNode price = fields.get("price").path("type");
    assertThat(price.path("type").asText()).isEqualTo("bytes");
    assertThat(price.path("logicalType").asText()).isEqualTo("decimal");
    assertThat(price.path("precision").asInt()).isEqualTo(64);
    assertThat(price.path("scale").asInt()).isEqualTo(2);
    assertThat(price.path("connect.name").asText()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(price.path("connect.parameters").path("scale").asText()).isEqualTo("2");
    assertThat(fields.get("day").path("type").path("logicalType").asText()).isEqualTo("date");
    assertThat(fields.get("time").path("type").path("logicalType").asText()).isEqualTo("time-millis");
    assertThat(fields.get("at").path("type").path("logicalType").asText()).isEqualTo("timestamp-millis");
    assertThat(fields.get("at").path("type").path("connect.name").asText()).isEqualTo(Timestamp.LOGICAL_NAME);
  }

  @Test
  void schemasAndValuesRoundTrip() throws Exception {
    org.apache.avro.Schema avro = data.fromConnectSchema(EVERYTHING);
    Schema back = data.toConnectSchema(avro);
    assertThat(back).isEqualTo(EVERYTHING);

    Struct value = everythingValue();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    data.write(avro, EVERYTHING, value, encoder);
    encoder.flush();
    Object read = data.read(avro, back, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(read).isEqualTo(value);
  }

  @Test
  void unnamedStructsGetConfluentsDefaultNamesAndComeBackUnnamed() {
    Schema inner = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
    Schema outer = SchemaBuilder.struct().field("a", inner).field("b", inner).build();
    org.apache.avro.Schema avro = data.fromConnectSchema(outer);
    assertThat(avro.getFullName()).isEqualTo("io.confluent.connect.avro.ConnectDefault");
    assertThat(data.toConnectSchema(avro)).isEqualTo(outer);
  }

  @Test
  void avroWrittenByOtherToolsMapsToConnect() throws Exception {
    org.apache.avro.Schema foreign = new org.apache.avro.Schema.Parser().parse("""
        {"type":"record","name":"Event","namespace":"com.example","fields":[
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
          {"name":"payload","type":["null","string","long"],"default":null},
          {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
          {"name":"amount","type":{"type":"fixed","name":"Amount","size":8,"logicalType":"decimal","precision":10,"scale":3}},
          {"name":"micros","type":{"type":"long","logicalType":"timestamp-micros"}},
          {"name":"unit","type":"string","default":"C"}
        ]}""");
    Schema connect = data.toConnectSchema(foreign);
    assertThat(connect.name()).isEqualTo("com.example.Event");
    Schema kind = connect.field("kind").schema();
    assertThat(kind.type()).isEqualTo(Schema.Type.STRING);
    assertThat(kind.parameters()).containsEntry("io.confluent.connect.avro.Enum", "com.example.Kind")
        .containsEntry("io.confluent.connect.avro.Enum.A", "A");
    Schema payload = connect.field("payload").schema();
    assertThat(payload.name()).isEqualTo("io.confluent.connect.avro.Union");
    assertThat(payload.isOptional()).isTrue();
    assertThat(payload.fields()).extracting(f -> f.name()).containsExactly("string", "long");
    assertThat(connect.field("hash").schema().parameters()).containsEntry("connect.fixed.size", "4");
    assertThat(connect.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(connect.field("micros").schema().type()).isEqualTo(Schema.Type.INT64);
    assertThat(connect.field("unit").schema().defaultValue()).isEqualTo("C");

    GenericRecord record = new GenericData.Record(foreign);
    record.put("kind", new GenericData.EnumSymbol(foreign.getField("kind").schema(), "B"));
    record.put("payload", 99L);
    record.put("hash", new GenericData.Fixed(foreign.getField("hash").schema(), new byte[] {9, 8, 7, 6}));
    byte[] amount = ByteBuffer.allocate(8).putLong(123_456L).array();
    record.put("amount", new GenericData.Fixed(foreign.getField("amount").schema(), amount));
    record.put("micros", 5L);
    record.put("unit", "K");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(foreign).write(record, encoder);
    encoder.flush();

    Struct struct = (Struct) data.read(foreign, connect, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(struct.getString("kind")).isEqualTo("B");
    assertThat(struct.getStruct("payload").getInt64("long")).isEqualTo(99L);
    assertThat(struct.getStruct("payload").getString("string")).isNull();
    assertThat(struct.getBytes("hash")).containsExactly(9, 8, 7, 6);
    assertThat(struct.get("amount")).isEqualTo(new BigDecimal("123.456"));
    assertThat(struct.getInt64("micros")).isEqualTo(5L);

    // And back: the same bytes as the other tool wrote.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    BinaryEncoder encoder2 = EncoderFactory.get().binaryEncoder(again, null);
    data.write(foreign, connect, struct, encoder2);
    encoder2.flush();
    assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
  }
}
