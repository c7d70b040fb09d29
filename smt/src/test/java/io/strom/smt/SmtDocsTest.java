package io.strom.smt;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.connect.common.ConfigDocs;
import io.strom.testkit.GeneratedDoc;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/smt.md carries a config reference that {@link ConfigDocs} renders from the ConfigDefs; this
 * test fails when the committed text is stale.
 */
class SmtDocsTest {

  private static final Path DOC = Path.of("..", "docs", "smt.md");
  private static final String START = "<!-- generated config reference: start (SmtDocsTest) -->";
  private static final String END = "<!-- generated config reference: end -->";

  static String reference() {
    return "### `io.strom.smt.RuleTransform$Value` / `io.strom.smt.RuleTransform$Key` (transform)\n\n"
        + RuleTransform.OVERVIEW_DOC.replaceAll("</?code>", "`") + "\n\n" + ConfigDocs.table(RuleTransform.CONFIG_DEF)
        + "\n### `io.strom.smt.RuleMatches` (predicate)\n\n" + RuleMatches.OVERVIEW_DOC + "\n\n"
        + ConfigDocs.table(RuleMatches.CONFIG_DEF);
  }

  @Test
  void theCommittedConfigReferenceIsCurrent() throws Exception {
    GeneratedDoc doc = GeneratedDoc.section(DOC, START, END, SmtDocsTest::reference);
    assertThat(doc.committed())
        .as("docs/smt.md is stale: run mvn -pl smt -am test -Dtest=SmtDocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true")
        .isEqualTo(doc.current());
  }
}
