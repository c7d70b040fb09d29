package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.connect.common.ConfigDocs;
import io.strom.testkit.GeneratedDoc;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The converter's config reference in {@code docs/avro.md} is what {@link ConfigDocs} renders from
 * its ConfigDef; this test fails when the committed table is stale.
 */
class ConfigDocTest {

  private static final Path DOC = Path.of("..", "docs", "avro.md");
  private static final String START = "<!-- generated: AvroConverterConfig (ConfigDocTest) -->";
  private static final String END = "<!-- end generated -->";

  @Test
  void committedConfigReferenceIsCurrent() throws IOException {
    GeneratedDoc doc = GeneratedDoc.section(DOC, START, END, () -> ConfigDocs.table(AvroConverterConfig.CONFIG_DEF));
    assertThat(doc.committed())
        .as("docs/avro.md is stale: run mvn -pl avro -am test -Dtest=ConfigDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true")
        .isEqualTo(doc.current());
  }
}
