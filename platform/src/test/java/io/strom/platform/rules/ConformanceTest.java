package io.strom.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the shared ksqlDB-derived conformance corpus (../shared/conformance, beside the project)
 * and holds the engine to the pass rates it reaches. Skips with a message when the corpus is absent.
 */
class ConformanceTest {

  private static Path corpus;

  @BeforeAll
  static void findCorpus() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("conformance");
      if (Files.isRegularFile(candidate.resolve("public.jsonl"))) {
        corpus = candidate;
        return;
      }
    }
  }

  private static ConformanceRunner.Summary run(String file) throws Exception {
    assumeTrue(corpus != null, "../shared/conformance is absent: the conformance corpus is not checked");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConformanceRunner.Summary summary = new ConformanceRunner(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .run(List.of(corpus.resolve(file)));
    String report = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(report);
    String[] lines = report.strip().split("\n");
    int[] total = summary.total();
    assertThat(lines[lines.length - 1]).isEqualTo(total[0] + " passed, " + total[1] + " failed, " + total[2] + " skipped");
    return summary;
  }

  @Test
  void every_family_passes_completely_apart_from_the_declared_emit_final_deviations() throws Exception {
    ConformanceRunner.Summary summary = run("public.jsonl");
    for (String family : List.of("filter_project", "functions", "aggregates", "tumbling", "hopping", "session",
        "having", "late_grace")) {
      int[] counts = summary.family(family);
      assertThat(counts[0]).as(family + " cases").isPositive();
      assertThat(counts[1]).as(family + " failures").isZero();
      assertThat(counts[2]).as(family + " skips").isZero();
    }
    List<ConformanceRunner.CaseResult> deviations = summary.results().stream()
        .filter(r -> r.outcome() == ConformanceRunner.Outcome.DEVIATION).toList();
    // exactly the cases the corpus marks "EMIT FINAL (time window)"; EmitFinalTest asserts Strom's output for each
    assertThat(deviations).extracting(ConformanceRunner.CaseResult::id).containsExactlyInAnyOrder(
        "suppress.json#should include out of order events before window end plus grace period passes",
        "suppress.json#should handle null values",
        "suppress.json#should support final results for hopping windows",
        "suppress.json#should suppress multiple keys");
    assertThat(summary.total()).containsExactly(129, 0, 0);
  }

  @Test
  void every_join_partition_by_and_table_source_case_passes() throws Exception {
    ConformanceRunner.Summary summary = run("joins.jsonl");
    Map<String, Integer> sizes = Map.of("joins_stream_stream", 45, "joins_stream_table", 6, "joins_table_table", 6,
        "joins_multi", 17, "partition_by", 34, "table_source", 22);
    for (Map.Entry<String, Integer> family : sizes.entrySet()) {
      assertThat(summary.family(family.getKey())).as(family.getKey()).containsExactly(family.getValue(), 0, 0);
    }
    assertThat(summary.total()).containsExactly(130, 0, 0);
  }

  @Test
  void every_error_case_is_rejected_with_a_position() throws Exception {
    ConformanceRunner.Summary summary = run("errors.jsonl");
    int[] total = summary.total();
    assertThat(total[0]).isEqualTo(55);
    assertThat(total[1]).isZero();
    assertThat(summary.results()).allSatisfy(r -> assertThat(r.detail()).matches("(?s)\\d+:\\d+: .*"));
    for (Map.Entry<String, int[]> family : summary.families().entrySet()) {
      assertThat(family.getKey()).startsWith("errors.");
    }
  }
}
