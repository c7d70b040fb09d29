package io.strom.bench.smt;

import io.strom.bench.Benchmark;
import io.strom.bench.Jmh;
import io.strom.bench.Report;
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

  /** JMH labels a score with the method name; tolerate the fully qualified form too. */
  private static double score(Map<String, Double> scores, String method) {
    Double score = scores.get(method);
    if (score == null) {
      score = scores.get(SmtJmh.class.getName() + "." + method);
    }
    if (score == null) {
      throw new IllegalStateException("JMH reported no score for " + method + ": " + scores.keySet());
    }
    return score;
  }

  @Override
  public void run(List<String> args) throws Exception {
    Map<String, Double> scores = Jmh.run(SmtJmh.class, new OptionsBuilder()
        .forks(2)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .timeUnit(TimeUnit.SECONDS)
        .jvmArgsAppend("-Xmx512m"));
    double transform = score(scores, "transform");
    double library = score(scores, "library");
    double handwritten = score(scores, "handwritten");
    System.out.println();
    System.out.println("smt: one filter/projection rule, " + SmtJmh.RECORDS + " sensor readings (about half match)");
    System.out.printf(Locale.ROOT, "  %-44s %14.0f records/s%n", "RuleTransform over Connect SourceRecords", transform);
    System.out.printf(Locale.ROOT, "  %-44s %14.0f records/s%n", "bare rules library over rows", library);
    System.out.printf(Locale.ROOT, "  %-44s %14.0f records/s%n", "hand-written SMT, same Connect records", handwritten);
    Report.ratio("smt-vs-library", transform / library);
    Report.ratio("smt-vs-handwritten-smt", transform / handwritten);
    Report.metric("smt-records-per-second", transform, "records/s");
    Report.metric("smt-library-records-per-second", library, "records/s");
    Report.metric("smt-handwritten-records-per-second", handwritten, "records/s");
  }
}
