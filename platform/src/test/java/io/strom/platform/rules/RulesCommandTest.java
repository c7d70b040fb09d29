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

  private record Result(int exit, String out) {}

  private static Result strom(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new StromCli()).execute(args);
      return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
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
}
