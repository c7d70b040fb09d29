package io.strom.platform.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The result of a quality run: per scenario scores, the predictive lead time, late records. */
record QualityReport(long seed, long records, double lateRate, List<ScenarioScore> scenarios,
                     List<PredictionScore> predictions, LateScore.Overall late, List<LateScore> lateRules,
                     boolean lateTablePresent) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line per scenario: {@code QUALITY <scenario> precision=<p> recall=<r> delay_ms=<median>}, and the predictions. */
  void printLines(PrintStream out) {
    for (ScenarioScore s : scenarios) {
      out.printf(Locale.ROOT, "QUALITY %s precision=%.3f recall=%.3f delay_ms=%s%n", s.scenario(), s.precision(),
          s.recall(), s.delayMedian() == null ? "-" : s.delayMedian().toString());
    }
    for (PredictionScore p : predictions) {
      out.printf(Locale.ROOT, "PREDICTION %s rule=%s warned_in_advance=%.3f lead_ms=%s precision=%.3f%n",
          p.scenario(), p.rule().toLowerCase(Locale.ROOT), p.shareWarned(),
          p.leadMedian() == null ? "-" : p.leadMedian().toString(), p.precision());
    }
    // overall, then per stateful rule (a stateless rule counts every record); the table is
    // created with its first row, so without it no record was too late for any rule
    out.printf("LATE delayed=%d counted=%d%n", late.delayed(), late.countedByEveryRule());
    if (late.delayed() > 0) {
      for (LateScore r : lateRules) {
        out.printf("LATE rule=%s delayed=%d counted=%d too_late=%d%n", r.rule(), r.delayed(), r.counted(),
            r.tooLate());
      }
    }
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Detection quality\n\n");
    b.append(String.format(Locale.ROOT, "Seed %d, %d records, late rate %s. Definitions: docs/quality.md.%n%n",
        seed, records, lateRate > 0 ? Double.toString(lateRate) : "0 (off)"));
    b.append("| scenario | rule | episodes | detected | alerts | precision | recall | delay median (ms) | delay p95 (ms) |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (ScenarioScore s : scenarios) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.3f | %.3f | %s | %s |%n", s.scenario(),
          s.rule() == null ? "(none)" : s.rule().toLowerCase(Locale.ROOT), s.episodes(), s.detected(), s.alerts(),
          s.precision(), s.recall(), dash(s.delayMedian()), dash(s.delayP95())));
    }
    for (ScenarioScore s : scenarios) {
      if (!s.falsePositives().isEmpty() || !s.missed().isEmpty()) {
        b.append("\n").append(s.scenario()).append(": ");
        s.falsePositives().forEach(a -> b.append("false positive ").append(a.entity()).append(" at ")
            .append(Instant.ofEpochMilli(a.to())).append("; "));
        s.missed().forEach(e -> b.append("missed ").append(e.entity()).append(' ')
            .append(Instant.ofEpochMilli(e.start())).append("..").append(Instant.ofEpochMilli(e.end())).append("; "));
        b.append('\n');
      }
    }
    if (!predictions.isEmpty()) {
      b.append("\n## Predictive warnings\n\n");
      b.append("| scenario | rule | episodes crossing | warned in advance | share | lead median (ms) | warnings | false |\n");
      b.append("|---|---|---|---|---|---|---|---|\n");
      for (PredictionScore p : predictions) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %s | %d | %d |%n", p.scenario(),
            p.rule().toLowerCase(Locale.ROOT), p.episodes(), p.warnedInAdvance(), p.shareWarned(),
            dash(p.leadMedian()), p.warnings(), p.falseWarnings()));
      }
    }
    b.append("\n## Late records\n\n");
    b.append("Records the sources delivered late (header strom.delayed.ms): ").append(late.delayed()).append(".\n");
    if (late.delayed() > 0) {
      b.append("Of those, counted by every rule (none too late for any window or grace): ")
          .append(late.countedByEveryRule()).append(". Stateless rules count every record; per stateful rule ")
          .append("(too late = in ").append(AlertStore.LATE_TABLE).append("):\n\n");
      b.append("| rule | scored for | topic | delayed | still counted | share | too late | of those not delayed |"
          + " max late by (ms) |\n");
      b.append("|---|---|---|---|---|---|---|---|---|\n");
      for (LateScore r : lateRules) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.3f | %d | %d | %d |%n", r.rule(),
            r.scenario() == null ? "-" : r.scenario(), r.topic(), r.delayed(), r.counted(), r.shareCounted(),
            r.tooLate(), r.tooLateNotDelayed(), r.maxLateByMs()));
      }
    }
    return b.toString();
  }

  ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("seed", seed);
    root.put("records", records);
    root.put("late_rate", lateRate);
    ArrayNode list = root.putArray("scenarios");
    for (ScenarioScore s : scenarios) {
      ObjectNode n = list.addObject();
      n.put("scenario", s.scenario());
      n.put("rule", s.rule() == null ? null : s.rule().toLowerCase(Locale.ROOT));
      n.put("episodes", s.episodes());
      n.put("detected", s.detected());
      n.put("alerts", s.alerts());
      n.put("true_positives", s.truePositives());
      n.put("precision", s.precision());
      n.put("recall", s.recall());
      putNullable(n, "delay_ms_median", s.delayMedian());
      putNullable(n, "delay_ms_p95", s.delayP95());
      ArrayNode fps = n.putArray("false_positives_sample");
      s.falsePositives().forEach(a -> fps.addObject().put("entity", a.entity()).put("from", Instant.ofEpochMilli(a.from())
          .toString()).put("to", Instant.ofEpochMilli(a.to()).toString()));
      ArrayNode missed = n.putArray("missed_episodes_sample");
      s.missed().forEach(e -> missed.addObject().put("entity", e.entity()).put("start", Instant.ofEpochMilli(e.start())
          .toString()).put("end", Instant.ofEpochMilli(e.end()).toString()));
    }
    ArrayNode predicted = root.putArray("predictions");
    for (PredictionScore p : predictions) {
      ObjectNode n = predicted.addObject();
      n.put("scenario", p.scenario());
      n.put("rule", p.rule().toLowerCase(Locale.ROOT));
      n.put("episodes", p.episodes());
      n.put("warned_in_advance", p.warnedInAdvance());
      n.put("share_warned_in_advance", p.shareWarned());
      putNullable(n, "lead_ms_median", p.leadMedian());
      n.put("warnings", p.warnings());
      n.put("false_warnings", p.falseWarnings());
    }
    ObjectNode lateNode = root.putObject("late");
    lateNode.put("delayed_records", late.delayed());
    lateNode.put("late_table_present", lateTablePresent);
    lateNode.put("counted_by_every_rule", late.countedByEveryRule());
    ArrayNode byRule = lateNode.putArray("rules");
    for (LateScore r : lateRules) {
      byRule.addObject().put("rule", r.rule()).put("scenario", r.scenario()).put("topic", r.topic())
          .put("delayed", r.delayed()).put("counted", r.counted()).put("share_counted", r.shareCounted())
          .put("too_late", r.tooLate()).put("too_late_not_delayed", r.tooLateNotDelayed())
          .put("max_late_by_ms", r.maxLateByMs());
    }
    return root;
  }

  /** Writes {@code quality-report.md} and {@code quality-report.json} into {@code dir}. */
  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("quality-report.md"), markdown());
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("quality-report.json").toFile(), json());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir, e);
    }
  }

  private static String dash(Long value) {
    return value == null ? "-" : value.toString();
  }

  private static void putNullable(ObjectNode node, String field, Long value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
