package io.strom.bench.rules.windowed;

import io.strom.bench.Rounds;
import io.strom.bench.BenchFlags;
import io.strom.bench.Benchmark;
import io.strom.bench.Report;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./strom bench rules-windowed [--records N] [--keys N] [--iterations N] [--ks-iterations N]}:
 * tumbling COUNT(*) by key with HAVING, Strom's window runtime against a hand-written HashMap loop
 * and Kafka Streams 4.3.1, same input, same process, iterations interleaved; then retained heap per
 * open window. Each round prints its own ratios (wall, and CPU time of the benchmark thread, which is
 * steadier on a shared machine), then their median and range; RATIO lines are the median of the
 * rounds' wall-time ratios (baseline time / Strom time). {@code --ks-iterations 0} leaves Kafka Streams
 * out entirely (also its warm-up), for quick comparisons. Kafka Streams logs a warning per
 * late record on stderr ({@code STROM_LOG_LEVEL=ERROR} silences them).
 */
public final class RulesWindowedBenchmark implements Benchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Override
  public String name() {
    return "rules-windowed";
  }

  @Override
  public String description() {
    return "tumbling COUNT by key + HAVING vs hand-written HashMap and Kafka Streams; bytes per open window";
  }

  @Override
  public void run(List<String> args) {
    Options options = options(args);
    if (options == null) {
      return;
    }
    int records = options.records;
    int keys = options.keys;
    int iterations = options.iterations;
    int ksIterations = Math.min(iterations, options.ksIterations);
    System.out.printf(Locale.ROOT, "rules-windowed: %,d records, %,d keys, tumbling %d s, grace %d s, HAVING COUNT(*) > %d%n",
        records, keys, WindowedInput.WINDOW_MILLIS / 1000, WindowedInput.GRACE_MILLIS / 1000, WindowedInput.THRESHOLD);
    WindowedInput input = WindowedInput.generate(records, keys, 42);

    WindowedCount ours = new OursWindowedCount();
    WindowedCount handwritten = new HandwrittenWindowedCount();
    WindowedCount kafkaStreams = new KafkaStreamsWindowedCount();
    List<WindowedCount> contenders = List.of(ours, handwritten, kafkaStreams);
    Map<WindowedCount, List<double[]>> timings = new LinkedHashMap<>(); // {wall s, cpu s}
    Map<WindowedCount, WindowedCount.Result> results = new LinkedHashMap<>();
    List<Double> vsHandwritten = new ArrayList<>(); // per round, by wall time
    List<Double> vsHandwrittenCpu = new ArrayList<>();
    List<Double> vsKafkaStreams = new ArrayList<>();
    contenders.forEach(c -> timings.put(c, new ArrayList<>()));

    System.out.println("warm-up (Kafka Streams on the first 1M records)...");
    results.put(ours, ours.run(input));
    results.put(handwritten, handwritten.run(input));
    if (ksIterations > 0) {
      kafkaStreams.run(input.prefix(1_000_000));
    }
    check(results, ours, handwritten, kafkaStreams);
    for (int i = 0; i < iterations; i++) {
      for (WindowedCount contender : contenders) {
        if (contender == kafkaStreams && i >= ksIterations) {
          continue;
        }
        settleHeap(); // the previous contender's garbage is not this one's cost
        long wallStart = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        results.put(contender, contender.run(input));
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        timings.get(contender).add(new double[] {wall, cpu});
        System.out.printf(Locale.ROOT, "  iteration %d %-22s %8.3f s wall %8.3f s cpu%n", i + 1, contender.name(), wall, cpu);
      }
      check(results, ours, handwritten, kafkaStreams);
      double[] o = last(timings, ours);
      double[] h = last(timings, handwritten);
      vsHandwritten.add(h[0] / o[0]);
      vsHandwrittenCpu.add(h[1] / o[1]);
      String ks = "";
      if (i < ksIterations) {
        vsKafkaStreams.add(last(timings, kafkaStreams)[0] / o[0]);
        ks = String.format(Locale.ROOT, ", vs Kafka Streams %.1f", vsKafkaStreams.get(i));
      }
      System.out.printf(Locale.ROOT, "  round %d ratio: vs hand-written %.3f (cpu %.3f)%s%n", i + 1, vsHandwritten.get(i),
          vsHandwrittenCpu.get(i), ks);
    }

    System.out.println("memory: filling 1M open windows...");
    double bytesPerWindow = OpenWindowMemory.bytesPerOpenWindow(100_000, 10);
    double bytesPerWindowOneEach = OpenWindowMemory.bytesPerOpenWindow(1_000_000, 1);

    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %14s %12s %12s %12s%n", "contender", "records/s", "median wall", "median cpu",
        "iterations");
    Map<WindowedCount, double[]> medians = new LinkedHashMap<>();
    for (WindowedCount contender : contenders) {
      double wall = Rounds.median(Rounds.column(timings.get(contender), 0));
      double cpu = Rounds.median(Rounds.column(timings.get(contender), 1));
      medians.put(contender, new double[] {wall, cpu});
      System.out.printf(Locale.ROOT, "%-22s %,14.0f %10.3f s %10.3f s %12d%n", contender.name(), records / wall, wall, cpu,
          timings.get(contender).size());
    }
    WindowedCount.Result r = results.get(ours);
    System.out.printf(Locale.ROOT, "rows passing HAVING: %,d, tombstones: %,d, late records: %,d (all contenders agree)%n",
        r.rows(), r.tombstones(), r.late());
    System.out.printf(Locale.ROOT, "by cpu time: %.3f of hand-written, %.1f x Kafka Streams%n",
        medians.get(handwritten)[1] / medians.get(ours)[1], medians.get(kafkaStreams)[1] / medians.get(ours)[1]);
    System.out.printf(Locale.ROOT, "retained heap per open window: %.1f B (100k keys x 10 windows), %.1f B (1M keys x 1 window)%n",
        bytesPerWindow, bytesPerWindowOneEach);
    System.out.printf(Locale.ROOT, "ratio per round vs hand-written: median %.3f, range %.3f-%.3f (cpu: median %.3f, range %.3f-%.3f) over %d rounds%n",
        median(vsHandwritten), min(vsHandwritten), max(vsHandwritten), median(vsHandwrittenCpu), min(vsHandwrittenCpu),
        max(vsHandwrittenCpu), vsHandwritten.size());
    if (!vsKafkaStreams.isEmpty()) {
      System.out.printf(Locale.ROOT, "ratio per round vs Kafka Streams: median %.1f, range %.1f-%.1f over %d rounds%n",
          median(vsKafkaStreams), min(vsKafkaStreams), max(vsKafkaStreams), vsKafkaStreams.size());
    }
    System.out.println("RATIO lines: the median of the rounds' wall-time ratios above");
    System.out.println();
    Report.ratio("rules-windowed-vs-handwritten", median(vsHandwritten));
    if (!vsKafkaStreams.isEmpty()) {
      Report.ratio("rules-windowed-vs-kafka-streams", median(vsKafkaStreams));
    }
    Report.metric("rules-bytes-per-open-window", bytesPerWindow, "bytes");
    Report.metric("rules-bytes-per-open-window-1m-keys", bytesPerWindowOneEach, "bytes");
  }

  private static double[] last(Map<WindowedCount, List<double[]>> timings, WindowedCount contender) {
    List<double[]> rounds = timings.get(contender);
    return rounds.get(rounds.size() - 1);
  }

  private static double median(List<Double> values) {
    return Rounds.median(values);
  }

  private static double min(List<Double> values) {
    return Rounds.min(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double max(List<Double> values) {
    return Rounds.max(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void settleHeap() {
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** All contenders must have emitted the same rows, or the comparison means nothing. */
  private static void check(Map<WindowedCount, WindowedCount.Result> results, WindowedCount ours,
      WindowedCount handwritten, WindowedCount kafkaStreams) {
    WindowedCount.Result a = results.get(ours);
    WindowedCount.Result b = results.get(handwritten);
    WindowedCount.Result c = results.get(kafkaStreams);
    if (a.rows() != b.rows() || a.checksum() != b.checksum() || a.late() != b.late() || a.tombstones() != 0) {
      throw new IllegalStateException("strom and the hand-written loop disagree: " + a + " vs " + b);
    }
    if (c != null && c.rows() != a.rows()) {
      throw new IllegalStateException("strom and Kafka Streams disagree: " + a + " vs " + c);
    }
  }

  /** The benchmark's flags (picocli; underscores allowed in numbers: 5_000_000). */
  @Command(name = "rules-windowed")
  static final class Options {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--records", paramLabel = "N", converter = BenchFlags.Count.class, description = "input records (default 5,000,000)")
    int records = 5_000_000;

    @Option(names = "--keys", paramLabel = "N", converter = BenchFlags.Count.class, description = "distinct keys (default 100,000)")
    int keys = 100_000;

    @Option(names = "--iterations", paramLabel = "N", converter = BenchFlags.Count.class, description = "timed iterations (default 5)")
    int iterations = 5;

    @Option(names = "--ks-iterations", paramLabel = "N", converter = BenchFlags.Count.class,
        description = "of those, how many also run Kafka Streams (default 2)")
    int ksIterations = 2;
  }

  /** The parsed flags, or null after printing the usage for --help. */
  static Options options(List<String> args) {
    return BenchFlags.parse(new Options(), args);
  }
}
