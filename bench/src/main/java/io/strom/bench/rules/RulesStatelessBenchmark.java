package io.strom.bench.rules;

import io.strom.bench.Benchmark;
import io.strom.bench.Jmh;
import io.strom.bench.Report;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** {@code ./strom bench rules-stateless}: the compiled rule vs hand-written Java, same rows, same run. */
public final class RulesStatelessBenchmark implements Benchmark {

  @Override
  public String name() {
    return "rules-stateless";
  }

  @Override
  public String description() {
    return "filter + projection rule over 1M pre-built rows vs hand-written Java (target RATIO >= 0.7)";
  }

  @Override
  public void run(List<String> args) throws Exception {
    Map<String, Double> scores = Jmh.run(StatelessRuleJmh.class, new OptionsBuilder()
        .forks(1)
        .warmupIterations(4).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .measurementIterations(6).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .timeUnit(TimeUnit.SECONDS)
        .jvmArgsAppend("-Xmx2g"));
    double ours = scores.get("ours");
    double handwritten = scores.get("handwritten");
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-28s %14s %16s", "variant", "passes/s", "rows/s"));
    System.out.println(String.format(Locale.ROOT, "%-28s %14.2f %16.0f", "rule (RuleInstance.process)", ours,
        ours * StatelessRuleJmh.ROWS));
    System.out.println(String.format(Locale.ROOT, "%-28s %14.2f %16.0f", "hand-written Java", handwritten,
        handwritten * StatelessRuleJmh.ROWS));
    Report.ratio("rules-stateless-vs-handwritten", ours / handwritten);
    Report.metric("rules-stateless-rows-per-second", ours * StatelessRuleJmh.ROWS, "rows/s");
  }
}
