package io.strom.bench.avro;

import com.sun.net.httpserver.HttpServer;
import io.strom.avro.AvroConverter;
import io.strom.avro.AvroData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Round trip of the same 1,000 sensor readings: Strom's AvroConverter (Connect Struct → Confluent
 * wire bytes → Struct) against Apache Avro's GenericDatumWriter/GenericDatumReader (GenericRecord →
 * bytes → GenericRecord), each to a fresh byte[] per record as a producer/consumer needs.
 *
 * <p>The converter asks a registry once per schema and then caches; a tiny in-process HTTP stub
 * answers that one call, so no broker is needed and no registry call is in the measured loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AvroRoundTrip {

  static final int RECORDS = 1_000;
  private static final String TOPIC = "readings";

  static final Schema LOCATION = SchemaBuilder.struct().name("io.strom.bench.Location")
      .field("site", Schema.STRING_SCHEMA)
      .field("lat", Schema.FLOAT64_SCHEMA)
      .field("lon", Schema.FLOAT64_SCHEMA)
      .build();
  static final Schema READING = SchemaBuilder.struct().name("io.strom.bench.Reading")
      .field("device", Schema.STRING_SCHEMA)
      .field("seq", Schema.INT64_SCHEMA)
      .field("kind", Schema.STRING_SCHEMA)
      .field("value", Schema.FLOAT64_SCHEMA)
      .field("battery", Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field("ok", Schema.BOOLEAN_SCHEMA)
      .field("at", Timestamp.SCHEMA)
      .field("location", LOCATION)
      .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
      .build();

  private Struct[] structs;
  private GenericRecord[] records;
  private AvroConverter converter;
  private HttpServer registryStub;
  private GenericDatumWriter<GenericRecord> writer;
  private GenericDatumReader<GenericRecord> reader;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  static Struct struct(int i) {
    return new Struct(READING)
        .put("device", "device-" + (i % 97))
        .put("seq", 1_000_000L + i)
        .put("kind", i % 2 == 0 ? "temperature" : "humidity")
        .put("value", 20.0 + (i % 50) / 7.0)
        .put("battery", i % 10 == 0 ? null : 0.5f + (i % 50) / 100f)
        .put("ok", i % 13 != 0)
        .put("at", new java.util.Date(1_700_000_000_000L + i * 250L))
        .put("location", new Struct(LOCATION).put("site", "site-" + (i % 7)).put("lat", 47.0 + i % 10)
            .put("lon", 8.0 + i % 5))
        .put("tags", i % 3 == 0 ? List.of("indoor") : List.of("outdoor", "roof"));
  }

  /** The same reading as Avro's GenericRecord (timestamp as its long, like GenericData has it). */
  static GenericRecord record(org.apache.avro.Schema avro, Struct s) {
    org.apache.avro.Schema locationSchema = avro.getField("location").schema();
    GenericRecord location = new GenericData.Record(locationSchema);
    Struct l = s.getStruct("location");
    location.put("site", l.getString("site"));
    location.put("lat", l.getFloat64("lat"));
    location.put("lon", l.getFloat64("lon"));
    GenericRecord record = new GenericData.Record(avro);
    record.put("device", s.getString("device"));
    record.put("seq", s.getInt64("seq"));
    record.put("kind", s.getString("kind"));
    record.put("value", s.getFloat64("value"));
    record.put("battery", s.getFloat32("battery"));
    record.put("ok", s.getBoolean("ok"));
    record.put("at", ((java.util.Date) s.get("at")).getTime());
    record.put("location", location);
    record.put("tags", s.getArray("tags"));
    return record;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    org.apache.avro.Schema avro = new AvroData(10).fromConnectSchema(READING);
    registryStub = startRegistryStub(avro);
    converter = new AvroConverter();
    converter.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + registryStub.getAddress().getPort()), false);
    structs = new Struct[RECORDS];
    records = new GenericRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      structs[i] = struct(i);
      records[i] = record(avro, structs[i]);
    }
    writer = new GenericDatumWriter<>(avro);
    reader = new GenericDatumReader<>(avro);
    // Both sides must agree on what they produce before anything is measured.
    Struct back = (Struct) converter.toConnectData(TOPIC, converter.fromConnectData(TOPIC, READING, structs[1])).value();
    if (!back.equals(structs[1])) {
      throw new IllegalStateException("converter round trip changed the record: " + back);
    }
  }

  /** Answers the converter's one registration and its one schema-by-id request. */
  private static HttpServer startRegistryStub(org.apache.avro.Schema avro) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String schemaJson = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("schema", avro.toString()).toString();
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String body = path.startsWith("/schemas/ids/") ? schemaJson : "{\"id\":1}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return server;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    converter.close();
    registryStub.stop(0);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void strom(Blackhole blackhole) {
    for (Struct struct : structs) {
      byte[] bytes = converter.fromConnectData(TOPIC, READING, struct);
      blackhole.consume(converter.toConnectData(TOPIC, bytes));
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void rawAvro(Blackhole blackhole) throws IOException {
    for (GenericRecord record : records) {
      out.reset();
      encoder = EncoderFactory.get().binaryEncoder(out, encoder);
      writer.write(record, encoder);
      encoder.flush();
      byte[] bytes = out.toByteArray();
      decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
      blackhole.consume(reader.read(null, decoder));
    }
  }
}
