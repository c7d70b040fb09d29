package io.strom.bench.avro;

import io.strom.bench.Rounds;
import io.strom.bench.Benchmark;
import io.strom.bench.Jmh;
import io.strom.bench.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./strom bench avro}: the converter's round trip against raw Apache Avro, same records,
 * same run. On a shared, noisy machine a slow minute hurts whichever side runs in it, so the two
 * sides run in alternating rounds (A B, B A, A B, ...) and the median of the per-round ratios is
 * reported.
 */
public final class AvroBenchmark implements Benchmark {

  private static final int ROUNDS = 5;

  @Override
  public String name() {
    return "avro";
  }

  @Override
  public String description() {
    return "AvroConverter Struct->bytes->Struct vs Avro GenericDatumWriter/Reader (target RATIO >= 0.8)";
  }

  @Override
  public void run(List<String> args) throws Exception {
    List<double[]> rounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      boolean stromFirst = round % 2 == 1;
      double first = score(stromFirst ? "strom" : "rawAvro");
      double second = score(stromFirst ? "rawAvro" : "strom");
      double strom = stromFirst ? first : second;
      double raw = stromFirst ? second : first;
      rounds.add(new double[] {strom, raw});
    }
    System.out.println();
    System.out.println("Avro round trip of " + AvroRoundTrip.RECORDS + " sensor readings, records/ms "
        + "(JMH, 1 fork, 3 x 1 s warm-up, 5 x 1 s measured per side and round; sides alternate)");
    System.out.printf(Locale.ROOT, "  %-6s %14s %14s%n", "round", "Strom", "raw Avro");
    double[] ratios = new double[rounds.size()];
    for (int i = 0; i < rounds.size(); i++) {
      System.out.printf(Locale.ROOT, "  %-6d %14.1f %14.1f%n", i + 1, rounds.get(i)[0], rounds.get(i)[1]);
      ratios[i] = rounds.get(i)[0] / rounds.get(i)[1];
    }
    System.out.println("rounds: each round's JMH score of Strom over raw Avro's (the two sides alternate)");
    Jmh.printRounds(Map.of("avro-vs-raw-avro", ratios)).forEach(Report::ratio);
    Report.metric("avro-converter-round-trips-per-sec", Rounds.median(Rounds.column(rounds, 0)) * 1000, "records/s");
    Report.metric("raw-avro-round-trips-per-sec", Rounds.median(Rounds.column(rounds, 1)) * 1000, "records/s");
  }

  private static double score(String method) throws Exception {
    String other = method.equals("strom") ? "rawAvro" : "strom";
    return Jmh.of(Jmh.run(AvroRoundTrip.class, new OptionsBuilder()
        .exclude("\\." + other + "$")
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xmx1g")), method).score();
  }
}
