package io.strom.smt;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SMT uses the rules library through its public packages only. */
class SmtArchitectureTest {

  @Test
  void the_smt_imports_no_internal_package_of_the_rules_library() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.strom.rules.parser..", "io.strom.rules.ast..",
            "io.strom.rules.analyzer..", "io.strom.rules.plan..", "io.strom.rules.codegen..",
            "io.strom.rules.functions..", "io.strom.rules.execution..", "io.strom.rules.runtime..")
        .because("hosts see io.strom.rules (RuleScript, CompiledRule, RuleStatement), .data, .contract and .types")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.strom.smt"));
  }
}
