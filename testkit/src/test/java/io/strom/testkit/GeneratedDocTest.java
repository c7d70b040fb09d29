package io.strom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedDocTest {

  private static final String START = "<!-- start -->";
  private static final String END = "<!-- end -->";

  @Test
  void replacesWhatStandsBetweenTheMarkersAndNothingElse(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("doc.md"), "intro\n" + START + "\nold table\n" + END + "\noutro\n");

    GeneratedDoc doc = GeneratedDoc.section(file, START, END, () -> "| new |\n", false);

    assertThat(doc.committed()).contains("old table");
    assertThat(doc.current()).isEqualTo("intro\n" + START + "\n\n| new |\n\n" + END + "\noutro\n");
    assertThat(GeneratedDoc.replaceSection(doc.current(), START, END, "| new |"))
        .as("replacing again changes nothing").isEqualTo(doc.current());
    assertThat(Files.readString(file)).as("the file is written only on request").contains("old table");
  }

  @Test
  void onRequestTheCurrentTextIsWrittenAndSoCommitted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("docs").resolve("generated.md");

    GeneratedDoc doc = GeneratedDoc.whole(file, () -> "# generated\n", true);

    assertThat(Files.readString(file)).isEqualTo("# generated\n");
    assertThat(doc.committed()).isEqualTo(doc.current());
  }

  @Test
  void aWholeFileThatIsMissingIsStale(@TempDir Path dir) throws Exception {
    GeneratedDoc doc = GeneratedDoc.whole(dir.resolve("missing.md"), () -> "# generated\n", false);

    assertThat(doc.committed()).isNotEqualTo(doc.current());
  }

  @Test
  void aDocumentWithoutTheMarkersIsRefused() {
    assertThatThrownBy(() -> GeneratedDoc.replaceSection("no markers", START, END, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(START);
    assertThatThrownBy(() -> GeneratedDoc.replaceSection(END + " " + START, START, END, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
