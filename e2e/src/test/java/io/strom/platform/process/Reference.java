package io.strom.platform.process;

import io.strom.rules.CompiledRule;
import io.strom.rules.Rows;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.Column;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.source.sim.Simulation;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What a run must leave in PostgreSQL, computed in this JVM from the same generated records: the
 * source's own {@link Simulation} for the same config (one task; a bounded feed gives the same
 * records for any tasks.max), and the rules library over those records. Each table is a multiset
 * of rows (row text to count), so a duplicate or a gap shows as a count difference.
 */
record Reference(Map<String, Integer> readings, Map<String, Integer> hotReadings, Map<String, Integer> deviceMinutes) {

  static Reference of(FaultRun run) {
    Map<String, String> taskProps = new HashMap<>(run.sourceConfig());
    taskProps.put("task.index", "0");
    taskProps.put("task.count", "1");
    Simulation simulation = Simulation.forTask(IotSensorSourceConnector.FEED, taskProps, partitions -> Map.of());
    List<SourceRecord> records = simulation.poll(Integer.MAX_VALUE, Long.MAX_VALUE);
    if (records.size() != run.records) {
      throw new IllegalStateException("the simulation generated " + records.size() + " records, not " + run.records);
    }

    Map<String, Integer> readings = new TreeMap<>();
    Map<String, Integer> hot = new TreeMap<>();
    Map<String, String> lastPerWindow = new TreeMap<>();
    RuleScript script = RuleScript.compile(run.rules());
    for (CompiledRule rule : script.rules()) {
      RuleInstance instance = rule.newInstance();
      List<String> columns = rule.output().stream().map(Column::name).toList();
      Emitter emitter = new Emitter() {
        @Override
        public void emit(OutputRecord out) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), out.values()[i]);
          }
          if ("hot_readings".equalsIgnoreCase(rule.name())) {
            count(hot, Tables.row(row.get("device_id"), row.get("ts"), row.get("temperature")));
          } else {
            lastPerWindow.put(Tables.row(row.get("device_id"), out.window().start()),
                Tables.row(row.get("readings"), row.get("max_temperature")));
          }
        }

        @Override
        public void late(LateRecord late) {
          throw new IllegalStateException("the reference saw a late record: " + late);
        }
      };
      long offset = 0;
      for (SourceRecord record : records) {
        Map<String, Object> value = fields((Struct) record.value());
        instance.process(new InputRecord(record.key(), Rows.fromMap(rule.source(), record.key(), value),
            record.timestamp(), offset++), emitter);
      }
    }
    for (SourceRecord record : records) {
      Struct v = (Struct) record.value();
      count(readings, Tables.row(v.get("device_id"), v.get("ts"), v.get("temperature")));
    }
    Map<String, Integer> minutes = new TreeMap<>();
    lastPerWindow.forEach((window, values) -> count(minutes, window + "|" + values));
    return new Reference(readings, hot, minutes);
  }

  /** A Struct's fields with timestamps as Instants, as the rules library takes them. */
  private static Map<String, Object> fields(Struct struct) {
    Map<String, Object> map = new HashMap<>();
    for (Field f : struct.schema().fields()) {
      Object v = struct.get(f);
      map.put(f.name(), v instanceof Date d ? Instant.ofEpochMilli(d.getTime()) : v);
    }
    return map;
  }

  /** This reference without the rows whose first column starts with {@code prefix} (e.g. injected bad records). */
  Reference without(String prefix) {
    return new Reference(filter(readings, prefix), filter(hotReadings, prefix), filter(deviceMinutes, prefix));
  }

  private static Map<String, Integer> filter(Map<String, Integer> rows, String prefix) {
    Map<String, Integer> kept = new TreeMap<>(rows);
    kept.keySet().removeIf(row -> row.startsWith(prefix));
    return kept;
  }

  static void count(Map<String, Integer> multiset, String row) {
    multiset.merge(row, 1, Integer::sum);
  }
}
