package io.strom.bench.smt;

import io.strom.bench.Benchmark;
import io.strom.bench.Jmh;
import io.strom.bench.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./strom bench smt}: RuleTransform over Connect records against the same rule in the bare
 * rules library, same input, same run (JMH). Target: RATIO smt-vs-library >= 0.8.
 */
public final class SmtBenchmark implements Benchmark {

  @Override
  public String name() {
    return "smt";
  }

  @Override
  public String description() {
    return "RuleTransform over Connect records vs the same rule in the bare library (JMH)";
  }

  @Override
  public void run(List<String> args) throws Exception {
    Map<String, Jmh.Scores> scores = Jmh.run(SmtJmh.class, new OptionsBuilder()
        .forks(2)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .timeUnit(TimeUnit.SECONDS)
        .jvmArgsAppend("-Xmx512m"));
    Jmh.Scores transform = Jmh.of(scores, "transform");
    Jmh.Scores library = Jmh.of(scores, "library");
    Jmh.Scores handwritten = Jmh.of(scores, "handwritten");
    System.out.println();
    System.out.println("smt: one filter/projection rule, " + SmtJmh.RECORDS + " sensor readings (about half match);"
        + " JMH scores (mean of 2 forks x 5 x 1 s)");
    System.out.printf(Locale.ROOT, "  %-44s %14.0f records/s%n", "RuleTransform over Connect SourceRecords",
        transform.score());
    System.out.printf(Locale.ROOT, "  %-44s %14.0f records/s%n", "bare rules library over rows", library.score());
    System.out.printf(Locale.ROOT, "  %-44s %14.0f records/s%n", "hand-written SMT, same Connect records",
        handwritten.score());
    System.out.println("rounds: measured iteration i of the transform over iteration i of each baseline");
    Map<String, double[]> ratios = new LinkedHashMap<>();
    ratios.put("smt-vs-library", Jmh.ratios(transform, library));
    ratios.put("smt-vs-handwritten-smt", Jmh.ratios(transform, handwritten));
    Map<String, Double> medians = Jmh.printRounds(ratios);
    medians.forEach(Report::ratio);
    Report.metric("smt-records-per-second", transform.score(), "records/s");
    Report.metric("smt-library-records-per-second", library.score(), "records/s");
    Report.metric("smt-handwritten-records-per-second", handwritten.score(), "records/s");
  }
}
