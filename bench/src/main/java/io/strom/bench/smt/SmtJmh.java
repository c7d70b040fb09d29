package io.strom.bench.smt;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import io.strom.smt.RuleTransform;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same filter/projection rule over the same sensor readings, twice: as RuleTransform over
 * Connect SourceRecords with Struct values (adapting Structs to rows and output rows back to
 * Structs), and in the bare library over rows of Java values. Half the readings match.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmtJmh {

  static final int RECORDS = 4096;
  static final String RULE = "CREATE STREAM hot AS SELECT device_id, site, temperature, humidity * 1.0 AS humidity, ts"
      + " FROM readings WHERE temperature > 21.0 AND vibration < 5.0;";

  static final Schema READING = SchemaBuilder.struct().name("io.strom.iot.SensorReading").version(1)
      .field("device_id", Schema.STRING_SCHEMA)
      .field("site", Schema.STRING_SCHEMA)
      .field("ts", Timestamp.SCHEMA)
      .field("temperature", Schema.FLOAT64_SCHEMA)
      .field("humidity", Schema.FLOAT64_SCHEMA)
      .field("pressure", Schema.FLOAT64_SCHEMA)
      .field("vibration", Schema.FLOAT64_SCHEMA)
      .build();

  static final Schema OUTPUT = SchemaBuilder.struct().name("io.strom.rules.HOT").version(1).optional()
      .field("DEVICE_ID", Schema.OPTIONAL_STRING_SCHEMA)
      .field("SITE", Schema.OPTIONAL_STRING_SCHEMA)
      .field("TEMPERATURE", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("HUMIDITY", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("TS", Timestamp.builder().optional().build())
      .build();

  private SourceRecord[] records;
  private InputRecord[] rows;
  private RuleTransform<SourceRecord> transform;
  private RuleInstance library;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(42);
    records = new SourceRecord[RECORDS];
    rows = new InputRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      String device = String.format("device-%05d", random.nextInt(1000));
      String site = "site-0" + random.nextInt(5);
      long time = 1_767_000_000_000L + i * 1000L;
      double temperature = 21 + random.nextGaussian() * 3;
      double humidity = 50 + random.nextGaussian() * 5;
      double pressure = 1013 + random.nextGaussian();
      double vibration = 1 + random.nextDouble();
      Struct value = new Struct(READING).put("device_id", device).put("site", site).put("ts", new Date(time))
          .put("temperature", temperature).put("humidity", humidity).put("pressure", pressure)
          .put("vibration", vibration);
      records[i] = new SourceRecord(Map.of(), Map.of(), "iot.readings", null, Schema.STRING_SCHEMA, device, READING,
          value, time);
      rows[i] = new InputRecord(device, Row.of(device, site, Instant.ofEpochMilli(time), temperature, humidity,
          pressure, vibration), time, i);
    }
    transform = new RuleTransform.Value<>();
    transform.configure(Map.of("rules", RULE));

    StreamSchema source = StreamSchema.builder("READINGS")
        .value("DEVICE_ID", SqlType.STRING).value("SITE", SqlType.STRING).value("TS", SqlType.TIMESTAMP)
        .value("TEMPERATURE", SqlType.DOUBLE).value("HUMIDITY", SqlType.DOUBLE).value("PRESSURE", SqlType.DOUBLE)
        .value("VIBRATION", SqlType.DOUBLE).build();
    CompiledRule rule = RuleScript.compileQuery("HOT", source, RULE);
    library = rule.newInstance();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void transform(Blackhole bh) {
    for (SourceRecord record : records) {
      bh.consume(transform.apply(record));
    }
  }

  /**
   * The floor of any SMT that does this: the same filter and projection hand-written in Java
   * over the same Connect records, building the same output Structs and records.
   */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void handwritten(Blackhole bh) {
    for (SourceRecord record : records) {
      Struct in = (Struct) record.value();
      double temperature = in.getFloat64("temperature");
      if (temperature > 21.0 && in.getFloat64("vibration") < 5.0) {
        Struct out = new Struct(OUTPUT).put("DEVICE_ID", in.getString("device_id")).put("SITE", in.getString("site"))
            .put("TEMPERATURE", temperature).put("HUMIDITY", in.getFloat64("humidity") * 1.0)
            .put("TS", in.get("ts"));
        bh.consume(record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), OUTPUT,
            out, record.timestamp(), record.headers()));
      } else {
        bh.consume(null);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void library(Blackhole bh) {
    Emitter out = bh::consume;
    for (InputRecord row : rows) {
      library.process(row, out);
    }
  }
}
