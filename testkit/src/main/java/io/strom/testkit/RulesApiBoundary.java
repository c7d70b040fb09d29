package io.strom.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundary every host of the rules library (the Connect adapter, the SMT, the sink) keeps: it
 * sees the public packages only — {@code io.strom.rules} (RuleScript, CompiledRule, RuleStatement,
 * Rows), {@code .data}, {@code .contract} and {@code .types} — so that the library can change its
 * parser, plans and runtime without touching a host. One definition, checked by each host's
 * architecture test.
 */
public final class RulesApiBoundary {

  private static final String[] INTERNAL_PACKAGES = {
      "io.strom.rules.parser..", "io.strom.rules.ast..", "io.strom.rules.analyzer..", "io.strom.rules.plan..",
      "io.strom.rules.codegen..", "io.strom.rules.functions..", "io.strom.rules.execution..",
      "io.strom.rules.runtime.."};

  private RulesApiBoundary() {}

  /** No class of the checked host imports an internal package of the rules library. */
  public static ArchRule hostsUseThePublicRulesApiOnly() {
    return noClasses().should().dependOnClassesThat().resideInAnyPackage(INTERNAL_PACKAGES)
        .because("hosts see io.strom.rules (RuleScript, CompiledRule, RuleStatement, Rows), .data, .contract and .types");
  }

  /** The main (not test) classes of a host's packages. */
  public static JavaClasses mainClassesOf(String... packages) {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
  }
}
