package io.strom.platform.quality;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule the run's sinks host, as far as late input matters: its name (as the late-records table
 * has it), the topic it reads and whether it keeps event-time state (windows, patterns), the only
 * rules a record can come too late for. A stateless rule counts every record, late or not.
 */
record HostedRule(String name, String file, String topic, boolean stateful) {

  /** Every rule of the {@code .sql} files in {@code dir}, compiled as the sinks compile them. */
  static List<HostedRule> in(Path dir) {
    List<HostedRule> rules = new ArrayList<>();
    for (Path file : ScoredRule.sqlFiles(dir)) {
      for (CompiledRule rule : RuleScript.compile(ScoredRule.read(file)).rules()) {
        rules.add(new HostedRule(rule.name(), file.getFileName().toString(), rule.source().topic(), rule.isStateful()));
      }
    }
    return rules;
  }
}
