package io.strom.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SinkConfigDocTest {

  private static final Path DOC = Path.of("..", "docs", "sink.md");

  @Test
  void committedConfigReferenceMatchesTheConfigDef() throws Exception {
    String committed = Files.readString(DOC, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("sink.docs.update")) {
      Files.writeString(DOC, SinkConfigDoc.render(committed), StandardCharsets.UTF_8);
      committed = Files.readString(DOC, StandardCharsets.UTF_8);
    }
    assertThat(SinkConfigDoc.render(committed))
        .as("docs/sink.md is stale: regenerate with `java -cp ... io.strom.sink.SinkConfigDoc docs/sink.md` "
            + "or run this test with -Dsink.docs.update=true")
        .isEqualTo(committed);
  }

  @Test
  void everyKeyIsDocumented() {
    PostgresSinkConfig.CONFIG_DEF.configKeys().values().forEach(key -> {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
    });
  }
}
