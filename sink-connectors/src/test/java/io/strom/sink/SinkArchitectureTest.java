package io.strom.sink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink's package boundaries, checked on its compiled classes. */
class SinkArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.strom.sink");
  }

  @Test
  void the_sink_imports_no_internal_package_of_the_rules_library() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.strom.rules.parser..", "io.strom.rules.ast..",
            "io.strom.rules.analyzer..", "io.strom.rules.plan..", "io.strom.rules.codegen..",
            "io.strom.rules.functions..", "io.strom.rules.execution..", "io.strom.rules.runtime..")
        .because("hosts see io.strom.rules (RuleScript, CompiledRule, RuleStatement), .data, .contract and .types")
        .check(classes);
  }

  @Test
  void the_buffer_does_not_reach_back_into_the_task_package() {
    noClasses().that().resideInAPackage("io.strom.sink.buffer..")
        .should().dependOnClassesThat().resideInAPackage("io.strom.sink")
        .because("the task package builds on the buffer (batches, rows), not the other way round")
        .check(classes);
  }
}
