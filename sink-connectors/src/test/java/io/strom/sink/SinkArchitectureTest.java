package io.strom.sink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.strom.testkit.RulesApiBoundary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink's package boundaries, checked on its compiled classes. */
class SinkArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = RulesApiBoundary.mainClassesOf("io.strom.sink");
  }

  @Test
  void the_sink_imports_no_internal_package_of_the_rules_library() {
    RulesApiBoundary.hostsUseThePublicRulesApiOnly().check(classes);
  }

  @Test
  void the_buffer_does_not_reach_back_into_the_task_package() {
    noClasses().that().resideInAPackage("io.strom.sink.buffer..")
        .should().dependOnClassesThat().resideInAPackage("io.strom.sink")
        .because("the task package builds on the buffer (batches, rows), not the other way round")
        .check(classes);
  }
}
