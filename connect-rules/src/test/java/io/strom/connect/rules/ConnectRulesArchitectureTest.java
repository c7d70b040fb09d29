package io.strom.connect.rules;

import io.strom.testkit.RulesApiBoundary;
import org.junit.jupiter.api.Test;

/** The Connect ⇄ rules adapter uses the rules library through its public packages only. */
class ConnectRulesArchitectureTest {

  @Test
  void the_adapter_imports_no_internal_package_of_the_rules_library() {
    RulesApiBoundary.hostsUseThePublicRulesApiOnly().check(RulesApiBoundary.mainClassesOf("io.strom.connect.rules"));
  }
}
