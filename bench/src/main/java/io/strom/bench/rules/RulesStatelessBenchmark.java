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
    Map<String, Jmh.Scores> scores = Jmh.run(StatelessRuleJmh.class, new OptionsBuilder()
        .forks(1)
        .warmupIterations(4).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .measurementIterations(6).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .timeUnit(TimeUnit.SECONDS)
        .jvmArgsAppend("-Xmx2g"));
    Jmh.Scores oursScores = Jmh.of(scores, "ours");
    Jmh.Scores handwrittenScores = Jmh.of(scores, "handwritten");
    double ours = oursScores.score();
    double handwritten = handwrittenScores.score();
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-28s %14s %16s", "variant", "passes/s", "rows/s"));
    System.out.println(String.format(Locale.ROOT, "%-28s %14.2f %16.0f", "rule (RuleInstance.process)", ours,
        ours * StatelessRuleJmh.ROWS));
    System.out.println(String.format(Locale.ROOT, "%-28s %14.2f %16.0f", "hand-written Java", handwritten,
        handwritten * StatelessRuleJmh.ROWS));
    System.out.println("JMH scores (mean of 6 x 2 s); rounds: measured iteration i of the rule over iteration i of"
        + " the hand-written Java");
    Map<String, Double> medians = Jmh.printRounds(Map.of("rules-stateless-vs-handwritten",
        Jmh.ratios(oursScores, handwrittenScores)));
    medians.forEach(Report::ratio);
    Report.metric("rules-stateless-rows-per-second", ours * StatelessRuleJmh.ROWS, "rows/s");
  }
}
