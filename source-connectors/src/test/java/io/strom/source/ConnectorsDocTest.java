package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/connectors.md is what the ConfigDefs and schemas say; -Dstrom.docs.update=true rewrites it. */
class ConnectorsDocTest {

  private static final Path DOC = Path.of("..", "docs", "connectors.md");

  @Test
  void theCommittedReferenceMatchesTheCode() throws IOException {
    String generated = ConnectorsDoc.render();
    if (Boolean.getBoolean("strom.docs.update")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("docs/connectors.md exists").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/connectors.md is stale: run mvn -pl source-connectors -am test -Dtest=ConnectorsDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true")
        .isEqualTo(generated);
  }

  @Test
  void theReferenceDocumentsEveryKeyAndScenario() {
    String doc = ConnectorsDoc.render();
    FeedRuns.all().forEach(feed -> {
      feed.feed().configDef().names().forEach(key -> assertThat(doc).contains("| `" + key + "` |"));
      feed.feed().spec().scenarios().forEach(s -> assertThat(doc).contains("| `" + s.name() + "` |"));
    });
  }
}
