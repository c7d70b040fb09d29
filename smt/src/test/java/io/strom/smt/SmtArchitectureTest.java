package io.strom.smt;

import io.strom.testkit.RulesApiBoundary;
import org.junit.jupiter.api.Test;

/** The SMT uses the rules library through its public packages only. */
class SmtArchitectureTest {

  @Test
  void the_smt_imports_no_internal_package_of_the_rules_library() {
    RulesApiBoundary.hostsUseThePublicRulesApiOnly().check(RulesApiBoundary.mainClassesOf("io.strom.smt"));
  }
}
