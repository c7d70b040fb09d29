package io.strom.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleTransformTest {

  static final Schema READING = SchemaBuilder.struct().name("io.strom.iot.SensorReading").version(1)
      .field("device_id", Schema.STRING_SCHEMA)
      .field("ts", Timestamp.SCHEMA)
      .field("temperature", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("humidity", Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field("label", Schema.OPTIONAL_STRING_SCHEMA)
      .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
      .build();

  static final String HOT = "CREATE STREAM hot AS SELECT device_id, temperature, humidity * 2 AS h2, ts"
      + " FROM readings WHERE temperature > 30;";

  private final RuleTransform<SourceRecord> transform = new RuleTransform.Value<>();

  @AfterEach
  void close() {
    transform.close();
  }

  static Struct reading(String device, Double temperature, Float humidity) {
    return new Struct(READING).put("device_id", device).put("ts", new Date(1_700_000_000_000L))
        .put("temperature", temperature).put("humidity", humidity);
  }

  static SourceRecord record(Object value) {
    Schema schema = value instanceof Struct s ? s.schema() : null;
    return new SourceRecord(Map.of(), Map.of(), "readings", 0, Schema.STRING_SCHEMA, "k1", schema, value, 42L);
  }

  private void configure(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    transform.configure(props);
  }

  /** Stateless rules evaluate into one array per binding: each output must own its values, a filtered record none. */
  @Test
  void eachOutputKeepsItsOwnValuesWhenLaterRecordsAreTransformed() {
    configure("rules", HOT);
    SourceRecord first = transform.apply(record(reading("d1", 35.5, 40.0f)));
    assertThat(transform.apply(record(reading("d2", 12.0, 10.0f)))).isNull();
    SourceRecord third = transform.apply(record(reading("d3", 31.0, 20.0f)));

    Struct a = (Struct) first.value();
    Struct c = (Struct) third.value();
    assertThat(List.of(a.get("DEVICE_ID"), a.get("TEMPERATURE"), a.get("H2"))).containsExactly("d1", 35.5, 80.0);
    assertThat(List.of(c.get("DEVICE_ID"), c.get("TEMPERATURE"), c.get("H2"))).containsExactly("d3", 31.0, 40.0);
    a.validate();
    c.validate();
    assertThat(first.key()).isEqualTo("k1");
    assertThat(first.timestamp()).isEqualTo(42L);
    assertThat(transform.metrics().out).isEqualTo(2);
    assertThat(transform.metrics().filtered).isEqualTo(1);
  }

  @Test
  void projectsMatchingStructsIntoTheDerivedSchema() {
    configure("rules", HOT);
    SourceRecord out = transform.apply(record(reading("d1", 35.5, 40.0f)));

    Schema schema = out.valueSchema();
    assertThat(schema.name()).isEqualTo("io.strom.rules.HOT");
    assertThat(schema.version()).isEqualTo(1);
    assertThat(schema.doc()).contains("HOT");
    assertThat(schema.fields()).extracting(f -> f.name()).containsExactly("DEVICE_ID", "TEMPERATURE", "H2", "TS");
    assertThat(schema.field("TEMPERATURE").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
    assertThat(schema.field("TS").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    Struct value = (Struct) out.value();
    assertThat(value.get("DEVICE_ID")).isEqualTo("d1");
    assertThat(value.get("TEMPERATURE")).isEqualTo(35.5);
    assertThat(value.get("H2")).isEqualTo(80.0);
    assertThat(value.get("TS")).isEqualTo(new Date(1_700_000_000_000L));
    assertThat(out.key()).isEqualTo("k1");
    assertThat(out.topic()).isEqualTo("readings");
    assertThat(out.timestamp()).isEqualTo(42L);

    SourceRecord second = transform.apply(record(reading("d2", 31.0, null)));
    assertThat(second.valueSchema()).as("the output schema is cached, not rebuilt").isSameAs(schema);
    assertThat(((Struct) second.value()).get("H2")).as("an optional null field stays null").isNull();
  }

  @Test
  void timestampsCopiedUsedOrComputedOnAllComeOutAsConnectTimestamps() {
    // TS only copied (handed through as the Connect Date), used in WHERE and copied (read as an
    // Instant, written back as the input's Date), and inside an expression
    Date ts = new Date(1_700_000_000_000L);
    for (String rule : List.of(
        "SELECT device_id, ts FROM readings WHERE temperature > 30;",
        "SELECT device_id, ts FROM readings WHERE ts IS NOT NULL;",
        "SELECT device_id, ts, CASE WHEN temperature > 0 THEN ts END AS later FROM readings;")) {
      RuleTransform<SourceRecord> t = new RuleTransform.Value<>();
      t.configure(Map.of("rules", rule));
      Struct value = (Struct) t.apply(record(reading("d1", 35.5, null))).value();
      value.validate();
      assertThat(value.get("TS")).as(rule).isEqualTo(ts);
      if (value.schema().field("LATER") != null) {
        assertThat(value.get("LATER")).isEqualTo(ts);
      }
      t.close();
    }
  }

  @Test
  void successiveRecordsAreReadEachForItself() {
    configure("rules", HOT);
    Struct first = reading("d1", 35.5, 1.0f);
    Struct second = new Struct(READING).put("device_id", "d2").put("ts", new Date(1_800_000_000_000L))
        .put("temperature", 40.0);

    Struct a = (Struct) transform.apply(record(first)).value();
    Struct b = (Struct) transform.apply(record(second)).value();

    assertThat(a.get("DEVICE_ID")).isEqualTo("d1");
    assertThat(a.get("H2")).isEqualTo(2.0);
    assertThat(a.get("TS")).isEqualTo(new Date(1_700_000_000_000L));
    assertThat(b.get("DEVICE_ID")).isEqualTo("d2");
    assertThat(b.get("TEMPERATURE")).isEqualTo(40.0);
    assertThat(b.get("H2")).isNull();
    assertThat(b.get("TS")).isEqualTo(new Date(1_800_000_000_000L));
  }

  @Test
  void dropsOrPassesFilteredRecords() {
    configure("rules", HOT);
    assertThat(transform.apply(record(reading("d1", 20.0, 1f)))).isNull();
    assertThat(transform.apply(record(reading("d1", null, 1f)))).as("NULL > 30 is not true").isNull();

    transform.configure(Map.of("rules", HOT, "filtered.records", "PASS"));
    SourceRecord cold = record(reading("d1", 20.0, 1f));
    assertThat(transform.apply(cold)).isSameAs(cold);
    assertThat(transform.metrics().filtered).as("two dropped, then one passed").isEqualTo(3);
  }

  @Test
  void modesTakeAnyCaseAndRefuseOtherValuesNamingTheirKey() {
    configure("rules", HOT, "filtered.records", "Pass", "output.topic", "RULE");
    SourceRecord cold = record(reading("d1", 20.0, 1f));
    assertThat(transform.apply(cold)).isSameAs(cold);

    assertThatThrownBy(() -> configure("rules", HOT, "filtered.records", "keep"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("for configuration filtered.records: must be one of drop, pass");
    assertThatThrownBy(() -> configure("rules", "SELECT device_id FROM readings", "output.topic", "Rule"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Invalid value Rule for configuration output.topic");
  }

  @Test
  void recordsWithoutValueAreFilteredByAWhereClauseAndPassedByAProjection() {
    configure("rules", HOT);
    assertThat(transform.apply(record(null))).isNull();

    configure("rules", "SELECT device_id FROM readings");
    SourceRecord tombstone = transform.apply(record(null));
    assertThat(tombstone).isNotNull();
    assertThat(tombstone.value()).isNull();
    assertThat(tombstone.key()).isEqualTo("k1");
  }

  @Test
  void routesToTheRuleTopicWhenAsked() {
    configure("rules", "CREATE STREAM hot WITH (KAFKA_TOPIC='hot-readings') AS SELECT device_id FROM readings;",
        "output.topic", "rule");
    assertThat(transform.apply(record(reading("d1", 1.0, 1f))).topic()).isEqualTo("hot-readings");

    assertThatThrownBy(() -> configure("rules", "SELECT device_id FROM readings", "output.topic", "rule"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bare SELECT");
  }

  @Test
  void schemalessMapsBecomeMaps() {
    configure("rules", HOT);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("device_id", "d9");
    value.put("temperature", 33L);
    value.put("humidity", 2.5);
    value.put("ts", 1_700_000_000_000L);
    SourceRecord out = transform.apply(record(value));
    assertThat(out.valueSchema()).isNull();
    assertThat(out.value()).isEqualTo(Map.of("DEVICE_ID", "d9", "TEMPERATURE", 33L, "H2", 5.0,
        "TS", 1_700_000_000_000L));

    Map<String, Object> cooler = new LinkedHashMap<>(value);
    cooler.put("temperature", 12.5);
    assertThat(transform.apply(record(cooler))).as("BIGINT widened to DOUBLE, 12.5 filtered").isNull();

    Map<String, Object> missing = new LinkedHashMap<>(value);
    missing.remove("humidity");
    missing.put("temperature", 40.0);
    Map<?, ?> projected = (Map<?, ?>) transform.apply(record(missing)).value();
    assertThat(projected.get("H2")).as("a field the record lacks is NULL").isNull();
  }

  @Test
  void aValueOfTheWrongTypeFailsNamingTheRuleAndColumn() {
    configure("rules", HOT);
    Map<String, Object> first = new LinkedHashMap<>(Map.of("device_id", "d1", "temperature", 35.0, "humidity", 1.0,
        "ts", 1L));
    transform.apply(record(first));
    Map<String, Object> bad = new LinkedHashMap<>(first);
    bad.put("temperature", "very hot");
    assertThatThrownBy(() -> transform.apply(record(bad)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("rule HOT")
        .hasMessageContaining("TEMPERATURE");
    assertThat(transform.metrics().failed).isEqualTo(1);
    assertThat(transform.apply(record(first))).as("the transform keeps working").isNotNull();
  }

  @Test
  void anEvaluationErrorFailsNamingTheRuleAndCause() {
    configure("rules", "CREATE STREAM parsed AS SELECT CAST(label AS INT) AS n FROM readings;");
    Struct ok = reading("d1", 1.0, 1f).put("label", "7");
    assertThat(((Struct) transform.apply(record(ok)).value()).get("N")).isEqualTo(7);
    Struct bad = reading("d1", 1.0, 1f).put("label", "seven");
    assertThatThrownBy(() -> transform.apply(record(bad)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("rule PARSED");
  }

  @Test
  void aRuleThatDoesNotFitTheRecordsFailsEachRecordWithTheReason() {
    configure("rules", "SELECT device_id, pressure FROM readings WHERE temperature > 1");
    assertThatThrownBy(() -> transform.apply(record(reading("d1", 35.5, 40.0f))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("rule RULE_READINGS")
        .hasMessageContaining("PRESSURE");
  }

  @Test
  void rejectsStructsAndMapsOnlyOtherwise() {
    configure("rules", HOT);
    SourceRecord text = new SourceRecord(Map.of(), Map.of(), "readings", 0, Schema.STRING_SCHEMA, "just text");
    assertThatThrownBy(() -> transform.apply(text)).isInstanceOf(DataException.class)
        .hasMessageContaining("Struct or a Map");
  }

  @Test
  void aDeclaredSourceReadsFieldsByNameAndKeyColumnsFromTheKey() {
    configure("rules", "CREATE STREAM readings (device VARCHAR KEY, temperature DOUBLE, label VARCHAR)"
        + " WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');\n"
        + "CREATE STREAM hot AS SELECT device, temperature FROM readings WHERE temperature > 30;\n"
        + "CREATE STREAM labelled AS SELECT device, label FROM readings WHERE label IS NOT NULL;",
        "rules.statement", "hot");
    SourceRecord out = transform.apply(record(reading("d1", 35.5, 40.0f)));
    Struct value = (Struct) out.value();
    assertThat(value.get("DEVICE")).isEqualTo("k1");
    assertThat(value.get("TEMPERATURE")).isEqualTo(35.5);
    assertThat(out.key()).as("the selected key column is the output key").isEqualTo("k1");
    assertThat(out.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
  }

  @Test
  void theKeyVariantFiltersAndProjectsTheKey() {
    RuleTransform<SinkRecord> keys = new RuleTransform.Key<>();
    keys.configure(Map.of("rules", "SELECT device_id FROM readings WHERE device_id LIKE 'd1%'"));
    Struct key = reading("d17", 1.0, 1f);
    SinkRecord in = new SinkRecord("readings", 0, READING, key, Schema.STRING_SCHEMA, "v", 5L);
    SinkRecord out = keys.apply(in);
    assertThat(((Struct) out.key()).get("DEVICE_ID")).isEqualTo("d17");
    assertThat(out.value()).isEqualTo("v");
    assertThat(keys.apply(new SinkRecord("readings", 0, READING, reading("d2", 1.0, 1f), null, "v", 6L))).isNull();
    keys.close();
  }

  @Test
  void badSqlIsAConfigErrorNamingLineAndColumn() {
    assertThatThrownBy(() -> configure("rules", "SELECT device_id\nFROM readings WHERE temperature >> 3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("for configuration rules:")
        .hasMessageContaining("2:");
    List<Object> problems = RuleTransform.CONFIG_DEF.validate(Map.of("rules", "SELEC x FROM y")).stream()
        .filter(v -> v.name().equals("rules")).findFirst().orElseThrow().errorMessages().stream()
        .map(m -> (Object) m).toList();
    assertThat(problems).singleElement().asString().contains("1:1");
  }

  @Test
  void theRuleToRunMustBeClear(@TempDir Path dir) throws Exception {
    String two = "CREATE STREAM a AS SELECT device_id FROM readings;\nCREATE STREAM b AS SELECT label FROM readings;";
    assertThatThrownBy(() -> configure("rules", two)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("rules.statement").hasMessageContaining("[A, B]");
    assertThatThrownBy(() -> configure("rules", two, "rules.statement", "c")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no rule of that name");
    assertThatThrownBy(() -> configure()).isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");

    Path file = Files.writeString(dir.resolve("rules.sql"), two);
    configure("rules.file", file.toString(), "rules.statement", "b");
    Struct value = (Struct) transform.apply(record(reading("d1", 1.0, 1f).put("label", "x"))).value();
    assertThat(value.schema().fields()).extracting(f -> f.name()).containsExactly("LABEL");
    assertThatThrownBy(() -> configure("rules.file", dir.resolve("missing.sql").toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("rules.file");
  }

  @Test
  void aTumblingCountKeepsItsStateInTheTask() {
    configure("rules", "CREATE TABLE counts AS SELECT device_id, COUNT(*) AS n FROM readings"
        + " WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY device_id EMIT CHANGES;");
    List<String> outputs = new java.util.ArrayList<>();
    long[] times = {1_000, 2_000, 3_000, 61_000};
    String[] devices = {"d1", "d1", "d2", "d1"};
    for (int i = 0; i < times.length; i++) {
      SourceRecord in = new SourceRecord(Map.of(), Map.of(), "readings", 0, Schema.STRING_SCHEMA, "k", READING,
          reading(devices[i], 20.0, 1f), times[i]);
      SourceRecord out = transform.apply(in);
      outputs.add(out.key() + ":" + ((Struct) out.value()).get("N"));
      assertThat(out.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    }
    assertThat(outputs).as("the group key becomes the record key; a new window starts again at 1")
        .containsExactly("d1:1", "d1:2", "d2:1", "d1:1");
  }

  @Test
  void aggregatingStateIsPerPartitionAndStartsEmptyWhenConnectReDelivers() {
    RuleTransform<SinkRecord> sink = new RuleTransform.Value<>();
    sink.configure(Map.of("rules", "CREATE TABLE counts AS SELECT device_id, COUNT(*) AS n FROM readings"
        + " WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY device_id EMIT CHANGES;"));
    List<String> outputs = new java.util.ArrayList<>();
    // partition, offset: both partitions hold d1; then partition 0 is rewound to offset 1
    int[][] deliveries = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}, {0, 1}, {0, 2}};
    for (int[] d : deliveries) {
      SinkRecord in = new SinkRecord("readings", d[0], Schema.STRING_SCHEMA, "k", READING, reading("d1", 20.0, 1f),
          d[1], 1_000L + d[1], org.apache.kafka.common.record.TimestampType.CREATE_TIME);
      outputs.add(d[0] + "@" + d[1] + ":" + ((Struct) sink.apply(in).value()).get("N"));
    }
    sink.close();
    assertThat(outputs).as("each partition counts its own records; a re-delivery starts its partition's count again")
        .containsExactly("0@0:1", "1@0:1", "0@1:2", "1@1:2", "0@2:3", "0@1:1", "0@2:2");
  }

  /** Two readings of a device above 30 °C, the second hotter, within a minute: one row per match. */
  static final String HEATING = "CREATE STREAM heating AS SELECT * FROM readings MATCH_RECOGNIZE ("
      + " PARTITION BY device_id ORDER BY ROWTIME"
      + " MEASURES FIRST(A.temperature) AS first_temp, LAST(B.temperature) AS last_temp"
      + " ONE ROW PER MATCH PATTERN (A B) WITHIN INTERVAL '1' MINUTE"
      + " DEFINE A AS A.temperature > 30, B AS B.temperature > LAST(A.temperature)) EMIT CHANGES;";

  private static SinkRecord delivery(int partition, long offset, double temperature, long time) {
    return new SinkRecord("readings", partition, Schema.STRING_SCHEMA, "k", READING, reading("d1", temperature, 1f),
        offset, time, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
  }

  private static String match(SinkRecord out) {
    if (out == null) {
      return "-";
    }
    Struct value = (Struct) out.value();
    return out.key() + ":" + value.get("FIRST_TEMP") + "->" + value.get("LAST_TEMP");
  }

  @Test
  void aPatternEmitsEachMatchAsARecordWithItsPartitionKeyAsKey() {
    RuleTransform<SinkRecord> sink = new RuleTransform.Value<>();
    sink.configure(Map.of("rules", HEATING));
    List<String> outputs = new java.util.ArrayList<>();
    outputs.add(match(sink.apply(delivery(0, 0, 35.0, 1_000))));
    outputs.add(match(sink.apply(delivery(0, 1, 38.0, 2_000))));
    outputs.add(match(sink.apply(delivery(0, 2, 20.0, 3_000))));
    sink.close();
    assertThat(outputs).as("the second reading completes the match; the third starts none")
        .containsExactly("-", "d1:35.0->38.0", "-");
    assertThat(sink.metrics().out).isEqualTo(1);
    assertThat(sink.metrics().filtered).as("rows that complete no match are filtered").isEqualTo(2);
  }

  @Test
  void aPatternKeepsItsPartialMatchesPerPartitionAndStartsEmptyWhenConnectReDelivers() {
    RuleTransform<SinkRecord> sink = new RuleTransform.Value<>();
    sink.configure(Map.of("rules", HEATING));
    List<String> outputs = new java.util.ArrayList<>();
    outputs.add(match(sink.apply(delivery(0, 0, 35.0, 1_000))));
    outputs.add(match(sink.apply(delivery(1, 0, 31.0, 1_500)))); // starts a match of its own partition
    outputs.add(match(sink.apply(delivery(1, 1, 32.0, 2_000)))); // completes partition 1's, not 0's
    outputs.add(match(sink.apply(delivery(0, 1, 40.0, 2_500)))); // completes partition 0's
    outputs.add(match(sink.apply(delivery(0, 1, 40.0, 2_500)))); // re-delivered: its A row is gone
    sink.close();
    assertThat(outputs).containsExactly("-", "-", "d1:31.0->32.0", "d1:35.0->40.0", "-");
  }

  @Test
  void aPatternCountsLateRecords() throws Exception {
    try (Metrics registry = new Metrics(); PluginMetricsImpl plugin = new PluginMetricsImpl(registry, Map.of("task", "t1"))) {
      RuleTransform<SinkRecord> sink = new RuleTransform.Value<>();
      sink.configure(Map.of("rules", HEATING));
      sink.withPluginMetrics(plugin);
      sink.apply(delivery(0, 0, 35.0, 10_000));
      assertThat(sink.apply(delivery(0, 1, 38.0, 5_000))).as("older than stream time, and no grace: late").isNull();
      assertThat(match(sink.apply(delivery(0, 2, 39.0, 11_000)))).as("the late row took no part")
          .isEqualTo("d1:35.0->39.0");
      sink.close();
      Map<String, Object> values = new HashMap<>();
      registry.metrics().forEach((name, metric) -> {
        if ("HEATING".equals(name.tags().get("rule"))) {
          values.put(name.name(), metric.metricValue());
        }
      });
      assertThat(values).containsEntry("records-in-total", 3L).containsEntry("records-out-total", 1L)
          .containsEntry("records-filtered-total", 2L).containsEntry("late-records-dropped-total", 1L)
          .containsEntry("pattern-matches-dropped-total", 0L);
    }
  }

  @Test
  void aRecordThatCompletesSeveralMatchesEmitsTheFirstAndCountsTheOthers() {
    RuleTransform<SinkRecord> sink = new RuleTransform.Value<>();
    sink.configure(Map.of("rules", "CREATE STREAM cooled AS SELECT * FROM readings MATCH_RECOGNIZE ("
        + " PARTITION BY device_id ORDER BY ROWTIME MEASURES FIRST(A.temperature) AS first_temp,"
        + " LAST(B.temperature) AS last_temp ONE ROW PER MATCH AFTER MATCH SKIP TO NEXT ROW PATTERN (A+ B)"
        + " DEFINE A AS A.temperature > 30, B AS B.temperature <= 30) EMIT CHANGES;"));
    sink.apply(delivery(0, 0, 35.0, 1_000));
    sink.apply(delivery(0, 1, 36.0, 2_000));
    SinkRecord out = sink.apply(delivery(0, 2, 20.0, 3_000));
    sink.close();
    assertThat(match(out)).as("the match starting first (35, 36, 20); the one from 36 is dropped")
        .isEqualTo("d1:35.0->20.0");
    assertThat(sink.metrics().droppedMatches).isEqualTo(1);
    assertThat(sink.metrics().out).isEqualTo(1);
  }

  @Test
  void rulesThatCanEmitSeveralRecordsPerInputAreRefused() {
    assertThatThrownBy(() -> configure("rules", "CREATE TABLE c AS SELECT device_id, COUNT(*) AS n FROM readings\n"
        + "WINDOW HOPPING (SIZE 60 SECONDS, ADVANCE BY 10 SECONDS) GROUP BY device_id EMIT CHANGES;"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("2:").hasMessageContaining("HOPPING");
    assertThatThrownBy(() -> configure("rules", "CREATE TABLE c AS SELECT device_id, COUNT(*) AS n FROM readings"
        + " WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY device_id EMIT FINAL;"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("EMIT FINAL");
  }

  @Test
  void countsRecords() {
    configure("rules", HOT);
    transform.apply(record(reading("d1", 35.0, 1f)));
    transform.apply(record(reading("d1", 5.0, 1f)));
    RuleMetrics m = transform.metrics();
    assertThat(List.of(m.in, m.out, m.filtered, m.failed)).containsExactly(2L, 1L, 1L, 0L);
  }

  @Test
  void publishesPluginMetrics() throws Exception {
    try (Metrics registry = new Metrics(); PluginMetricsImpl plugin = new PluginMetricsImpl(registry, Map.of("task", "t1"))) {
      configure("rules", HOT);
      transform.withPluginMetrics(plugin);
      transform.apply(record(reading("d1", 35.0, 1f)));
      transform.apply(record(reading("d1", 5.0, 1f)));
      Map<String, Object> values = new HashMap<>();
      registry.metrics().forEach((name, metric) -> {
        if ("HOT".equals(name.tags().get("rule"))) {
          values.put(name.name(), metric.metricValue());
        }
      });
      assertThat(values).containsEntry("records-in-total", 2L).containsEntry("records-out-total", 1L)
          .containsEntry("records-filtered-total", 1L).containsEntry("records-failed-total", 0L)
          .containsEntry("late-records-dropped-total", 0L).containsKey("evaluation-time-avg-ns");
      assertThat((Double) values.get("evaluation-time-avg-ns")).as("the first record is sampled").isPositive();
    }
  }

  private static final String JOIN = """
      CREATE STREAM readings (device_id STRING KEY, temperature DOUBLE) WITH (KAFKA_TOPIC='readings');
      CREATE TABLE devices (device_id STRING PRIMARY KEY, max_temp DOUBLE) WITH (KAFKA_TOPIC='devices');
      CREATE STREAM too_hot AS SELECT r.device_id AS device_id, r.temperature, d.max_temp
        FROM readings r JOIN devices d ON r.device_id = d.device_id WHERE r.temperature > d.max_temp;
      """;

  @Test
  void aStreamTableJoinNeedsTheTablesConsumerAndConverters() {
    assertThatThrownBy(() -> configure("rules", JOIN))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rules.table.consumer.bootstrap.servers")
        .hasMessageContaining("rule TOO_HOT joins tables");
    assertThatThrownBy(() -> configure("rules", JOIN, "rules.table.consumer.bootstrap.servers", "localhost:9"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set rules.table.key.converter");
    assertThatThrownBy(() -> configure("rules", JOIN, "rules.table.consumer.bootstrap.servers", "localhost:9",
        "rules.table.key.converter", "org.apache.kafka.connect.storage.StringConverter"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set rules.table.value.converter");
    assertThatThrownBy(() -> configure("rules", JOIN, "rules.table.consumer.bootstrap.servers", "localhost:9",
        "rules.table.key.converter", "java.lang.String"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rules.table.key.converter")
        .hasMessageContaining("not a org.apache.kafka.connect.storage.Converter");
  }

  @Test
  void joinsAStreamCannotHostAreRefusedWithTheStatementsPosition() {
    String streams = """
        CREATE STREAM readings (device_id STRING KEY, temperature DOUBLE) WITH (KAFKA_TOPIC='readings');
        CREATE STREAM alarms (device_id STRING KEY, level INT) WITH (KAFKA_TOPIC='alarms');
        CREATE TABLE devices (device_id STRING PRIMARY KEY, max_temp DOUBLE) WITH (KAFKA_TOPIC='devices');
        CREATE TABLE sites (device_id STRING PRIMARY KEY, site STRING) WITH (KAFKA_TOPIC='sites');
        """;
    assertThatThrownBy(() -> configure("rules", streams + """
        CREATE STREAM both AS SELECT r.device_id AS device_id, a.level
          FROM readings r JOIN alarms a WITHIN 1 MINUTE ON r.device_id = a.device_id;
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configuration rules")
        .hasMessageContaining("invalid rule at 5:23: BOTH joins the stream ALARMS: stream-stream joins need");
    assertThatThrownBy(() -> configure("rules", streams + """
        CREATE TABLE placed AS SELECT d.device_id AS device_id, s.site
          FROM devices d JOIN sites s ON d.device_id = s.device_id;
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid rule at 5:24: PLACED reads the table DEVICES on its left");
    assertThatThrownBy(() -> configure("rules", """
        CREATE STREAM too_hot AS SELECT r.device_id AS device_id, d.max_temp
          FROM readings r JOIN devices d ON r.device_id = d.device_id;
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid rule at 1:26: TOO_HOT joins READINGS, which the script does not declare");
  }

  @Test
  void thePredicateRefusesAJoin() {
    RuleMatches<SourceRecord> matches = new RuleMatches<>();
    assertThatThrownBy(() -> matches.configure(Map.of("rules", JOIN)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rule TOO_HOT joins tables, which a predicate does not keep");
  }

  @Test
  void theFirstRecordFailsTheTaskWhenTheTablesDoNotLoadInTime() {
    // nothing listens on port 9: the reader never gets the topic's partitions
    configure("rules", JOIN, "rules.table.consumer.bootstrap.servers", "localhost:9",
        "rules.table.consumer.default.api.timeout.ms", "30000",
        "rules.table.key.converter", "org.apache.kafka.connect.storage.StringConverter",
        "rules.table.value.converter", "org.apache.kafka.connect.json.JsonConverter",
        "rules.table.load.timeout.ms", "300");
    Schema reading = SchemaBuilder.struct().field("temperature", Schema.FLOAT64_SCHEMA).build();
    SourceRecord in = new SourceRecord(Map.of(), Map.of(), "readings", 0, Schema.STRING_SCHEMA, "d1", reading,
        new Struct(reading).put("temperature", 50.0), 42L);
    long start = System.nanoTime();
    assertThatThrownBy(() -> transform.apply(in))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .hasMessageContaining("rule TOO_HOT: the join tables did not load within 300 ms")
        .hasMessageContaining("topic devices: nothing read: the topic's partitions are not known yet");
    assertThatThrownBy(() -> transform.apply(in))
        .as("a failed load fails every later record at once, not after another wait")
        .hasMessageContaining("did not load within 300 ms");
    assertThat(System.nanoTime() - start).as("two records, one wait").isLessThan(20_000_000_000L);
  }

  @Test
  void partitionByMakesTheExpressionTheOutputRecordsKey() {
    configure("rules", """
        SELECT device_id, temperature FROM readings PARTITION BY device_id;
        """);
    SourceRecord in = new SourceRecord(Map.of(), Map.of(), "readings", null, Schema.STRING_SCHEMA, "k1", READING,
        reading("d1", 21.5, 40.0f), 42L);
    SourceRecord out = transform.apply(in);
    assertThat(out.key()).as("one key column: the key is its value, no longer the record's k1").isEqualTo("d1");
    assertThat(out.keySchema().type()).isEqualTo(Schema.Type.STRING);
    assertThat(out.kafkaPartition()).as("left to the producer, which partitions by the new key").isNull();
    assertThat(((Struct) out.value()).get("DEVICE_ID")).as("the value is the SELECT list, as always").isEqualTo("d1");
    assertThat(((Struct) out.value()).get("TEMPERATURE")).isEqualTo(21.5);
  }
}
