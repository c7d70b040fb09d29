package io.strom.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.platform.StromCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCommandTest {

  @TempDir
  Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result strom(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new StromCli()).execute(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @Test
  void check_prints_file_line_col_message_and_fails() throws Exception {
    Path bad = dir.resolve("bad.sql");
    Files.writeString(bad, """
        CREATE STREAM r (id STRING KEY, temp DOUBLE) WITH (KAFKA_TOPIC='r');
        CREATE STREAM h AS SELECT id, tmp FROM r;
        CREATE STREAM i AS SELECT id, temp FROM r WHERE temp > 'hot';
        """);
    Result result = strom("rules", "check", bad.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out().lines().toList()).containsExactly(
        bad + ":2:31: SELECT column 'TMP' cannot be resolved. Did you mean TEMP?",
        bad + ":3:49: Error in WHERE expression: Cannot compare TEMP (DOUBLE) to 'hot' (STRING) with GREATER_THAN.");
  }

  @Test
  void run_evaluates_the_shipped_example() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path output = dir.resolve("out.jsonl");
    Result result = strom("rules", "run", "--rules", root.resolve("examples/rules/hot_devices.sql").toString(),
        "--input", root.resolve("examples/data/readings.jsonl").toString(), "--output", output.toString());
    assertThat(result.exit()).isZero();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).isEqualTo("{\"topic\":\"HOT_DEVICES\",\"key\":\"dev-3\",\"value\":{\"SITE\":\"boiler\","
        + "\"TEMP_C\":41.0,\"TEMP_F\":105.8,\"SEVERITY\":\"critical\"},\"timestamp\":1764028802000}");
  }

  @Test
  void run_feeds_each_record_to_the_join_sources_of_its_topic() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Result result = strom("rules", "run", "--rules", root.resolve("examples/rules/enrichment.sql").toString(),
        "--input", root.resolve("examples/data/enrichment.jsonl").toString());
    assertThat(result.exit()).as("stderr: %s", result.err()).isZero();
    // alice's second BR login comes after her home moved to BR; dev-2 is over only after TX-200's limit dropped
    assertThat(result.out().lines()).containsExactly(
        "{\"topic\":\"AWAY_LOGINS\",\"key\":\"alice\",\"value\":{\"IP\":\"203.0.113.5\",\"COUNTRY\":\"BR\","
            + "\"HOME_COUNTRY\":\"DE\"},\"timestamp\":1764028802000}",
        "{\"topic\":\"AWAY_LOGINS\",\"key\":\"bob\",\"value\":{\"IP\":\"198.51.100.2\",\"COUNTRY\":\"DE\","
            + "\"HOME_COUNTRY\":\"NL\"},\"timestamp\":1764028806000}",
        "{\"topic\":\"OVER_LIMIT\",\"key\":\"TX-100\",\"value\":{\"DEVICE_ID\":\"dev-1\",\"TEMP_C\":41.5,"
            + "\"MAX_TEMP\":40.0},\"timestamp\":1764028801000}",
        "{\"topic\":\"OVER_LIMIT\",\"key\":\"TX-200\",\"value\":{\"DEVICE_ID\":\"dev-2\",\"TEMP_C\":41.5,"
            + "\"MAX_TEMP\":40.0},\"timestamp\":1764028805000}");
  }

  @Test
  void run_reports_lines_that_are_not_json_records_and_goes_on() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> readings = Files.readAllLines(root.resolve("examples/data/readings.jsonl"));
    List<String> input = new java.util.ArrayList<>(readings);
    input.add(1, "{\"topic\": \"readings\", \"key\": \"dev-9\", \"value\": {\"site\": ");
    input.add(3, "42");
    Path in = dir.resolve("in.jsonl");
    Files.write(in, input);

    Result result = strom("rules", "run", "--rules", root.resolve("examples/rules/hot_devices.sql").toString(),
        "--input", in.toString());

    assertThat(result.exit()).as("stderr: %s", result.err()).isEqualTo(2);
    assertThat(result.err().lines()).contains(
        in + ":2: not a JSON record: Unexpected end-of-input within/between Object entries",
        in + ":4: not a JSON record: expected an object, found number");
    assertThat(result.err()).contains("4 output records, 2 input records failed");
    assertThat(result.out().lines()).as("the valid records still ran").hasSize(4)
        .anySatisfy(line -> assertThat(line).contains("\"key\":\"dev-3\""));
  }
}
