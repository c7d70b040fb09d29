package io.strom.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of the rules library, checked on its compiled classes. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.strom.rules");
  }

  @Test
  void the_library_knows_nothing_of_kafka_or_connect() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.confluent..")
        .because("strom-rules is a pure library: JDK, ANTLR runtime and SLF4J only")
        .check(classes);
  }

  @Test
  void runtime_never_imports_the_parser() {
    noClasses().that().resideInAnyPackage("io.strom.rules.runtime..", "io.strom.rules.execution..",
            "io.strom.rules.codegen..", "io.strom.rules.plan..", "io.strom.rules.analyzer..", "io.strom.rules.ast..")
        .should().dependOnClassesThat().resideInAnyPackage("io.strom.rules.parser..", "org.antlr..")
        .because("the chain is one-way: parser -> AST -> analyzer -> plan -> runtime")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void the_runtime_does_not_reach_back_into_the_analyzer() {
    noClasses().that().resideInAnyPackage("io.strom.rules.runtime..", "io.strom.rules.execution..", "io.strom.rules.codegen..")
        .should().dependOnClassesThat().resideInAnyPackage("io.strom.rules.analyzer..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void the_sub_packages_depend_on_each_other_without_cycles() {
    slices().matching("io.strom.rules.(**)").should().beFreeOfCycles()
        .because("each package builds on the ones below it: types, data, contract, ast, ..., runtime, execution")
        .check(classes);
  }

  @Test
  void no_internal_package_imports_the_entry_points() {
    noClasses().that().resideInAPackage("io.strom.rules.(*)..")
        .should().dependOnClassesThat().resideInAPackage("io.strom.rules")
        .because("the root package holds only the entry points (RuleScript, CompiledRule, RuleStatement, Rows);"
            + " what the internals share lives in data, contract and types")
        .check(classes);
  }
}
