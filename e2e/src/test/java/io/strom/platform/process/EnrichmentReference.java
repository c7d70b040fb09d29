package io.strom.platform.process;

import io.strom.rules.CompiledRule;
import io.strom.rules.Rows;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the enrichment rules must leave in PostgreSQL, computed with the rules library over the
 * records as they were written: per rule one instance per partition number, fed the records of
 * that partition of each of its source topics in the order they were sent, as the sink does. Each
 * output table is a multiset of row texts ({@link Tables#row}), so a duplicate or a gap shows.
 */
final class EnrichmentReference {

  /** Per output table: the columns compared, as {@link Tables#multiset} reads them (key, event time, the rest). */
  static final Map<String, List<String>> COLUMNS = Map.of(
      "away_from_home_logins", List.of("user_id", "ts", "ip", "country", "home_country"),
      "model_limit_alerts", List.of("model", "ts", "device_id", "site", "temperature", "vibration",
          "max_temperature", "max_vibration"));

  private EnrichmentReference() {}

  /** Output table name to its rows. */
  static Map<String, Map<String, Integer>> of(Path rules, List<EnrichmentRun.Written> written) throws Exception {
    RuleScript script = RuleScript.compile(Files.readString(rules));
    Map<String, Map<String, Integer>> tables = new TreeMap<>();
    for (CompiledRule rule : script.rules()) {
      String table = rule.name().toLowerCase(Locale.ROOT);
      Map<String, Integer> rows = new TreeMap<>();
      tables.put(table, rows);
      List<String> output = rule.output().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
      Emitter emitter = new Emitter() {
        @Override
        public void emit(OutputRecord out) {
          Map<String, Object> values = new HashMap<>();
          for (int i = 0; i < output.size(); i++) {
            values.put(output.get(i), out.values()[i]);
          }
          Reference.count(rows, Tables.row(COLUMNS.get(table).stream().map(values::get).toArray()));
        }

        @Override
        public void late(LateRecord late) {
          throw new IllegalStateException("a join saw a late record: " + late);
        }
      };
      Map<Integer, RuleInstance> perPartition = new HashMap<>();
      for (EnrichmentRun.Written w : written) {
        List<StreamSchema> sources = rule.sources();
        for (int source = 0; source < sources.size(); source++) {
          if (sources.get(source).topic().equals(w.record().topic())) {
            RuleInstance instance = perPartition.computeIfAbsent(w.partition(), p -> rule.newInstance());
            Row row = w.record().value() == null ? null : Rows.fromMap(sources.get(source), w.record().key(), w.record().value());
            instance.process(source, new InputRecord(w.record().key(), row, w.record().timestamp(), w.offset()), emitter);
          }
        }
      }
    }
    return tables;
  }

  /** The same tables as the sinks wrote them. */
  static Map<String, Map<String, Integer>> read(DebianPostgres postgres, String database) throws SQLException {
    Map<String, Map<String, Integer>> tables = new TreeMap<>();
    try (Connection c = postgres.connect(database)) {
      for (var e : COLUMNS.entrySet()) {
        List<String> columns = e.getValue();
        tables.put(e.getKey(), Tables.multiset(c, e.getKey(), columns.get(0), columns.get(1),
            String.join(", ", columns.subList(2, columns.size()))));
      }
    }
    return tables;
  }

  static long size(Map<String, Integer> rows) {
    return rows.values().stream().mapToLong(Integer::longValue).sum();
  }
}
