package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.connect.common.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The converter's config reference in {@code docs/avro.md} is what {@link ConfigDocs} renders from its
 * ConfigDef; this test fails when the committed table is stale. Regenerate with
 * {@code mvn -pl avro -am test -Dtest=ConfigDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true}.
 */
class ConfigDocTest {

  private static final String START = "<!-- generated: AvroConverterConfig (ConfigDocTest) -->";
  private static final String END = "<!-- end generated -->";
  private static final Path DOC = Path.of("..", "docs", "avro.md");

  @Test
  void committedConfigReferenceIsCurrent() throws IOException {
    String committed = Files.readString(DOC, StandardCharsets.UTF_8);
    String current = ConfigDocs.replaceSection(committed, START, END, ConfigDocs.table(AvroConverterConfig.CONFIG_DEF));
    if (Boolean.getBoolean("strom.docs.update")) {
      Files.writeString(DOC, current, StandardCharsets.UTF_8);
      committed = current;
    }
    assertThat(committed).as("docs/avro.md config table is stale; see this test's comment to regenerate")
        .isEqualTo(current);
  }
}
