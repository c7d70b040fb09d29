package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.GeneratedDoc;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/connectors.md is what the ConfigDefs and schemas say; -Dstrom.docs.update=true rewrites it. */
class ConnectorsDocTest {

  private static final Path DOC = Path.of("..", "docs", "connectors.md");

  @Test
  void theCommittedReferenceMatchesTheCode() throws IOException {
    GeneratedDoc doc = GeneratedDoc.whole(DOC, ConnectorsDoc::render);
    assertThat(doc.committed())
        .as("docs/connectors.md is stale: run mvn -pl source-connectors -am test -Dtest=ConnectorsDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true")
        .isEqualTo(doc.current());
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
