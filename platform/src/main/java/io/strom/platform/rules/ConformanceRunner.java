package io.strom.platform.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs conformance cases in the format of ../shared/conformance/README.md: positive cases
 * (statements, inputs, expected outputs) and error cases ({@code expected_error}: the script must
 * be rejected with a position). Matching follows QTT: only the listed topics, exact order, ints and
 * longs alike, doubles within 1e-6, field names as written or upper-cased, keys and windows equal.
 */
public final class ConformanceRunner {

  /** Notes marker of the EMIT FINAL cases where Strom deliberately emits windows ksqlDB drops. */
  static final String EMIT_FINAL_DEVIATION = "EMIT FINAL (time window)";

  /** The outcome of one case. */
  public enum Outcome { PASSED, FAILED, SKIPPED, DEVIATION }

  /** One case's result; {@code detail} explains failures, skips and deviations. */
  public record CaseResult(String id, String family, Outcome outcome, String detail) {}

  /** Totals per family (in first-seen order) and overall. */
  public static final class Summary {
    final Map<String, int[]> families = new LinkedHashMap<>();
    final List<CaseResult> results = new ArrayList<>();

    void add(CaseResult r) {
      results.add(r);
      if (r.outcome() != Outcome.DEVIATION) {
        families.computeIfAbsent(r.family(), f -> new int[3])[r.outcome().ordinal()]++;
      }
    }

    public List<CaseResult> results() {
      return results;
    }

    /** {passed, failed, skipped} of a family (zeros when absent). */
    public int[] family(String family) {
      return families.getOrDefault(family, new int[3]).clone();
    }

    public int[] total() {
      int[] t = new int[3];
      families.values().forEach(c -> {
        for (int i = 0; i < 3; i++) {
          t[i] += c[i];
        }
      });
      return t;
    }

    public Map<String, int[]> families() {
      return families;
    }
  }

  private final PrintStream out;

  public ConformanceRunner(PrintStream out) {
    this.out = out;
  }

  /** Runs every case of the files, printing diffs, per-family lines and the totals as the last line. */
  public Summary run(List<Path> files) throws IOException {
    Summary summary = new Summary();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        CaseResult result = runCase(RecordCodec.JSON.readTree(line));
        summary.add(result);
        switch (result.outcome()) {
          case FAILED -> out.println("FAILED " + result.id() + " [" + result.family() + "]\n" + indent(result.detail()));
          case DEVIATION -> out.println("deviation: " + result.id() + ": " + result.detail());
          default -> { }
        }
      }
    }
    for (Map.Entry<String, int[]> f : summary.families.entrySet()) {
      int[] c = f.getValue();
      out.println("family " + f.getKey() + ": " + c[0] + " passed, " + c[1] + " failed, " + c[2] + " skipped");
    }
    int[] t = summary.total();
    out.println(t[0] + " passed, " + t[1] + " failed, " + t[2] + " skipped");
    return summary;
  }

  private static String indent(String text) {
    return "  " + text.replace("\n", "\n  ");
  }

  /** Runs one case (a parsed JSON line). */
  public CaseResult runCase(JsonNode c) {
    String id = c.path("id").asText("?");
    StringBuilder sql = new StringBuilder();
    c.path("statements").forEach(s -> sql.append(s.asText()).append('\n'));
    if (c.has("expected_error")) {
      return errorCase(id, "errors." + c.path("category").asText("other"), sql.toString(), c.path("expected_error"));
    }
    String family = c.path("family").asText("other");
    RuleScript script;
    try {
      script = RuleScript.compile(sql.toString());
    } catch (RuleException e) {
      return new CaseResult(id, family, Outcome.FAILED, "rejected: " + e.getMessage());
    }
    String unsupported = unsupported(script);
    if (unsupported != null) {
      return new CaseResult(id, family, Outcome.SKIPPED, "not yet supported: " + unsupported);
    }
    boolean delimited = "DELIMITED".equalsIgnoreCase(c.path("value_format").asText("JSON"));
    RecordCodec codec = new RecordCodec(delimited);
    Map<String, List<JsonNode>> produced = new LinkedHashMap<>();
    try {
      for (CompiledRule rule : script.rules()) {
        produced.computeIfAbsent(rule.topic(), t -> new ArrayList<>())
            .addAll(runRule(rule, c.path("inputs"), codec));
      }
    } catch (RuntimeException e) {
      return new CaseResult(id, family, Outcome.FAILED, "error while running: " + e);
    }
    String diff = compare(c.path("outputs"), produced);
    if (diff == null) {
      return new CaseResult(id, family, Outcome.PASSED, "");
    }
    if (c.path("notes").asText("").contains(EMIT_FINAL_DEVIATION)) {
      String extra = onlyExtraWindows(c.path("outputs"), produced);
      if (extra != null) {
        return new CaseResult(id, family, Outcome.DEVIATION, "Strom emits every closed EMIT FINAL window exactly once,"
            + " also when stream time jumps past its close; ksqlDB drops " + extra);
      }
    }
    return new CaseResult(id, family, Outcome.FAILED, diff);
  }

  /** Features the engine names as not yet supported, or null when it runs the whole script. */
  static String unsupported(RuleScript script) {
    for (CompiledRule rule : script.rules()) {
      try {
        rule.newInstance();
      } catch (UnsupportedOperationException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  /**
   * Feeds the inputs in list order (QTT's processing order), each to every source of the rule that
   * reads its topic: a join reads several, and a table source gets its records as changes.
   */
  private static List<JsonNode> runRule(CompiledRule rule, JsonNode inputs, RecordCodec codec) {
    List<StreamSchema> sources = rule.sources();
    RuleInstance instance = rule.newInstance();
    List<JsonNode> outputs = new ArrayList<>();
    Emitter emitter = new Emitter() {
      @Override
      public void emit(OutputRecord record) {
        outputs.add(codec.toJson(rule, record));
      }

      @Override
      public void late(LateRecord late) {
        // late records are not outputs of the rule's topic
      }
    };
    long offset = 0;
    for (JsonNode input : inputs) {
      for (int i = 0; i < sources.size(); i++) {
        StreamSchema source = sources.get(i);
        if (!input.path("topic").asText().equals(source.topic())) {
          continue;
        }
        Row row;
        try {
          row = codec.row(source, input.get("key"), input.get("value"));
        } catch (IllegalArgumentException badRecord) {
          continue; // ksqlDB drops a record it cannot deserialize
        }
        InputRecord record = new InputRecord(RecordCodec.keyObject(input.get("key")), row,
            input.path("timestamp").asLong(0), offset);
        try {
          instance.process(i, record, emitter);
        } catch (RuleEvaluationException e) {
          // ksqlDB logs the record to its processing log and carries on
        }
      }
      offset++;
    }
    return outputs;
  }

  private CaseResult errorCase(String id, String family, String sql, JsonNode expected) {
    try {
      RuleScript.compile(sql);
      return new CaseResult(id, family, Outcome.FAILED, "accepted, but expected an error: "
          + expected.path("message").asText());
    } catch (RuleException e) {
      RuleError first = e.errors().get(0);
      if (first.line() < 1 || first.column() < 1) {
        return new CaseResult(id, family, Outcome.FAILED, "rejected without a position: " + e.getMessage());
      }
      return new CaseResult(id, family, Outcome.PASSED, e.getMessage());
    }
  }

  /** Null when the produced records match the expected ones, else a readable diff. */
  static String compare(JsonNode expectedOutputs, Map<String, List<JsonNode>> produced) {
    Map<String, List<JsonNode>> expected = new LinkedHashMap<>();
    expectedOutputs.forEach(o -> expected.computeIfAbsent(o.path("topic").asText(), t -> new ArrayList<>()).add(o));
    StringBuilder diff = new StringBuilder();
    for (Map.Entry<String, List<JsonNode>> e : expected.entrySet()) {
      List<JsonNode> want = e.getValue();
      List<JsonNode> got = produced.getOrDefault(e.getKey(), List.of());
      int n = Math.max(want.size(), got.size());
      for (int i = 0; i < n; i++) {
        JsonNode w = i < want.size() ? want.get(i) : null;
        JsonNode g = i < got.size() ? got.get(i) : null;
        if (w == null || g == null || !recordMatches(w, g)) {
          diff.append("  #").append(i).append(" expected ").append(w == null ? "(nothing)" : brief(w))
              .append("\n     actual   ").append(g == null ? "(nothing)" : brief(g)).append('\n');
        }
      }
    }
    return diff.length() == 0 ? null : diff.toString().stripTrailing();
  }

  /**
   * For the EMIT FINAL deviation: when every expected record appears, in order, among the produced
   * ones and the others are all windowed results, the windows ksqlDB drops (else null).
   */
  static String onlyExtraWindows(JsonNode expectedOutputs, Map<String, List<JsonNode>> produced) {
    List<String> extra = new ArrayList<>();
    List<JsonNode> got = new ArrayList<>();
    produced.values().forEach(got::addAll);
    int next = 0;
    for (JsonNode g : got) {
      if (next < expectedOutputs.size() && recordMatches(expectedOutputs.get(next), g)) {
        next++;
      } else if (g.hasNonNull("window") && !g.path("value").isNull()) {
        extra.add("[" + g.path("window").path("start").asLong() + "," + g.path("window").path("end").asLong() + ")"
            + " of key " + g.path("key"));
      } else {
        return null;
      }
    }
    return next == expectedOutputs.size() && !extra.isEmpty() ? String.join(", ", extra) : null;
  }

  private static String brief(JsonNode record) {
    var copy = record.deepCopy();
    if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.remove("topic");
    }
    return copy.toString();
  }

  private static boolean recordMatches(JsonNode want, JsonNode got) {
    if (!valueMatches(want.get("key"), got.get("key"))) {
      return false;
    }
    if (!valueMatches(want.get("value"), got.get("value"))) {
      return false;
    }
    if (want.has("timestamp") && want.get("timestamp").asLong() != got.path("timestamp").asLong()) {
      return false;
    }
    JsonNode ww = want.get("window");
    JsonNode gw = got.get("window");
    if (ww == null || ww.isNull()) {
      return gw == null || gw.isNull();
    }
    return gw != null && ww.path("start").asLong() == gw.path("start").asLong()
        && ww.path("end").asLong() == gw.path("end").asLong()
        && ww.path("type").asText().equalsIgnoreCase(gw.path("type").asText());
  }

  /** QTT's value comparison: numbers across int/long, doubles within 1e-6, names as written or upper-cased. */
  static boolean valueMatches(JsonNode want, JsonNode got) {
    if (want == null || want.isNull()) {
      return got == null || got.isNull();
    }
    if (got == null || got.isNull()) {
      return false;
    }
    if (want.isNumber() && got.isNumber()) {
      if (want.isIntegralNumber() && got.isIntegralNumber()) {
        return want.bigIntegerValue().equals(got.bigIntegerValue());
      }
      return Math.abs(want.doubleValue() - got.doubleValue()) <= 1e-6
          || want.decimalValue().compareTo(got.decimalValue()) == 0;
    }
    if (want.isObject() && got.isObject()) {
      if (want.size() != got.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        JsonNode g = got.has(f.getKey()) ? got.get(f.getKey()) : got.get(f.getKey().toUpperCase(Locale.ROOT));
        if (g == null && !got.has(f.getKey()) && !got.has(f.getKey().toUpperCase(Locale.ROOT))) {
          return false;
        }
        if (!valueMatches(f.getValue(), g)) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray() && got.isArray()) {
      if (want.size() != got.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!valueMatches(want.get(i), got.get(i))) {
          return false;
        }
      }
      return true;
    }
    return want.equals(got);
  }
}
