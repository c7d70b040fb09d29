package io.strom.platform.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.strom.rules.data.WindowBounds;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./strom rules ...}: check, run and test rule files. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check, run and test ksqlDB-style rule files.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Run.class, RulesCommand.Conformance.class})
public final class RulesCommand implements Runnable {

  @Override
  public void run() {
    System.err.println("usage: strom rules (check FILE.sql | run --rules FILE.sql --input IN.jsonl | conformance CASES.jsonl...)");
  }

  static RuleScript compileOrReport(Path file, PrintWriter err) throws IOException {
    try {
      return RuleScript.compile(Files.readString(file));
    } catch (RuleException e) {
      for (RuleError error : e.errors()) {
        err.println(file + ":" + error.line() + ":" + error.column() + ": " + error.message());
      }
      return null;
    }
  }

  /** {@code rules check FILE.sql}: parse and analyze; print {@code FILE:LINE:COL: message} per error. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Parse and analyze a rule file; print FILE:LINE:COL: message for each error (exit 1 on errors).")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.sql", description = "rule files", arity = "1..*")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = new PrintWriter(System.out, true);
      int failed = 0;
      for (Path file : files) {
        RuleScript script = compileOrReport(file, out);
        if (script == null) {
          failed++;
        } else {
          for (CompiledRule rule : script.rules()) {
            out.println(file + ": ok: " + (rule.isTable() ? "TABLE " : "STREAM ") + rule.name() + " from "
                + String.join(" JOIN ", rule.sources().stream().map(StreamSchema::name).toList()) + (rule.isWindowed() ? " (windowed)" : rule.isAggregate() ? " (aggregate)" : ""));
          }
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }

  /**
   * {@code rules run}: evaluates the rules over JSON Lines records. A line is either an envelope
   * {@code {"topic", "key", "value", "timestamp"}} or just the value object (then it goes to every
   * source and its timestamp is the source's TIMESTAMP column or 0).
   */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Evaluate the rules over JSON Lines input records and print (or write) the output records.")
  static final class Run implements Callable<Integer> {
    private static final Set<String> ENVELOPE = Set.of("topic", "key", "value", "timestamp", "offset");

    @Option(names = "--rules", required = true, paramLabel = "FILE.sql", description = "the rule file")
    Path rulesFile;

    @Option(names = "--input", required = true, paramLabel = "IN.jsonl", description = "input records, one JSON object per line")
    Path input;

    @Option(names = "--output", paramLabel = "OUT.jsonl", description = "write output records here instead of stdout")
    Path output;

    @Option(names = "--format", defaultValue = "JSON", description = "value format of input and output: JSON or DELIMITED")
    String format;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = new PrintWriter(System.err, true);
      RuleScript script = compileOrReport(rulesFile, err);
      if (script == null) {
        return 1;
      }
      RecordCodec codec = new RecordCodec("DELIMITED".equalsIgnoreCase(format));
      Map<CompiledRule, RuleInstance> instances = new LinkedHashMap<>();
      for (CompiledRule rule : script.rules()) {
        try {
          instances.put(rule, rule.newInstance());
        } catch (UnsupportedOperationException e) {
          err.println(rulesFile + ": " + rule.name() + ": " + e.getMessage());
          return 1;
        }
      }
      int errors = 0;
      long outputs = 0;
      try (Writer w = output == null ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
              : Files.newBufferedWriter(output);
          BufferedReader reader = Files.newBufferedReader(input)) {
        BufferedWriter writer = new BufferedWriter(w);
        String line;
        long lineNumber = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          // A bad line is reported where it is and skipped: the records around it still run.
          JsonNode node;
          try {
            node = RecordCodec.JSON.readTree(line);
          } catch (JsonProcessingException notJson) {
            err.println(input + ":" + lineNumber + ": not a JSON record: " + notJson.getOriginalMessage());
            errors++;
            continue;
          }
          if (!node.isObject()) {
            err.println(input + ":" + lineNumber + ": not a JSON record: expected an object, found "
                + node.getNodeType().name().toLowerCase(Locale.ROOT));
            errors++;
            continue;
          }
          boolean envelope = node.isObject() && node.has("value") && iterable(node.fieldNames()).stream().allMatch(ENVELOPE::contains);
          JsonNode key = envelope ? node.get("key") : null;
          JsonNode value = envelope ? node.get("value") : node;
          String topic = envelope && node.has("topic") ? node.get("topic").asText() : null;
          for (Map.Entry<CompiledRule, RuleInstance> e : instances.entrySet()) {
            CompiledRule rule = e.getKey();
            List<StreamSchema> sources = rule.sources();
            for (int i = 0; i < sources.size(); i++) {
              StreamSchema source = sources.get(i);
              // a bare value (no topic) goes to the first source; a join's other sources need envelopes
              if (topic == null ? i > 0 : !topic.equals(source.topic()) && !topic.equalsIgnoreCase(source.name())) {
                continue;
              }
              List<OutputRecord> produced = new ArrayList<>();
              try {
                Row row = codec.row(source, key, value);
                long timestamp = envelope ? node.path("timestamp").asLong(0) : 0;
                long offset = envelope && node.has("offset") ? node.get("offset").asLong() : lineNumber - 1;
                e.getValue().process(i, new InputRecord(RecordCodec.keyObject(key), row, timestamp, offset),
                    collect(produced, rule, err));
              } catch (IllegalArgumentException | RuleEvaluationException bad) {
                err.println(input + ":" + lineNumber + ": " + rule.name() + ": " + bad.getMessage());
                errors++;
                continue;
              }
              for (OutputRecord out : produced) {
                writer.write(codec.toJson(rule, out).toString());
                writer.newLine();
                outputs++;
              }
            }
          }
        }
        writer.flush();
      }
      err.println("strom rules run: " + outputs + " output records" + (errors > 0 ? ", " + errors + " input records failed (see the FILE:LINE messages above)" : ""));
      return errors == 0 ? 0 : 2;
    }

    private static Emitter collect(List<OutputRecord> produced, CompiledRule rule, PrintWriter err) {
      return new Emitter() {
        @Override
        public void emit(OutputRecord record) {
          produced.add(record);
        }

        @Override
        public void late(LateRecord late) {
          WindowBounds w = late.missedWindow();
          err.println(rule.name() + ": late record (timestamp " + late.record().timestamp() + ") not aggregated: "
              + (w == null ? "it has no window" : w.type() + " window [" + w.start() + ", " + w.end() + ") closed "
              + late.lateByMillis() + " ms before it arrived"));
        }
      };
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
      List<String> list = new ArrayList<>();
      it.forEachRemaining(list::add);
      return list;
    }
  }

  /** {@code rules conformance CASES.jsonl...}: runs conformance cases and prints the per-family tally. */
  @Command(name = "conformance", mixinStandardHelpOptions = true,
      description = "Run conformance cases (JSON Lines, ksqlDB QTT-derived format); the last line is the total.")
  static final class Conformance implements Callable<Integer> {
    @Parameters(paramLabel = "CASES.jsonl", arity = "1..*", description = "case files")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
      ConformanceRunner.Summary summary = new ConformanceRunner(System.out).run(files);
      return summary.total()[1] == 0 ? 0 : 1;
    }
  }
}
