package io.strom.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/sink.md's migration table names only Strom keys that exist, and every alias the sink takes. */
class SinkMigrationDocTest {

  private static final Path DOC = Path.of("..", "docs", "sink.md");

  @Test
  void theMigrationTableMatchesTheConfigDefAndTheAliases() throws Exception {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("## Migrating from Debezium's or Confluent's JDBC sink");
    assertThat(start).as("the migration section in %s", DOC).isNotNegative();
    List<String> rows = doc.substring(start).lines().takeWhile(l -> !l.startsWith("## Configuration"))
        .filter(l -> l.startsWith("| `") || l.startsWith("| —")).toList();
    assertThat(rows).hasSizeGreaterThan(10);
    Pattern key = Pattern.compile("`([a-z_.]+)`");
    for (String row : rows) {
      String[] cells = row.split("\\|");
      Matcher strom = key.matcher(cells[3]);
      while (strom.find()) {
        assertThat(PostgresSinkConfig.CONFIG_DEF.names()).as("Strom key in: %s", row).contains(strom.group(1));
      }
    }
    for (SinkForeignKeys.Alias alias : SinkForeignKeys.ALIASES) {
      assertThat(rows).as("a row for the alias %s", alias.key())
          .anySatisfy(row -> assertThat(row).contains("`" + alias.key() + "`").contains("`" + alias.stromKey() + "`"));
    }
    for (String refused : SinkForeignKeys.REFUSED.keySet()) {
      assertThat(doc.substring(start)).as("refused key %s documented", refused).contains("`" + refused + "`");
    }
  }
}
