package io.strom.bench.rules.joins;

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
 * {@code ./strom bench joins [--records N] [--table-rows N] [--iterations N] [--ks-iterations N]}:
 * a stream-table INNER JOIN (orders enriched with their user's country) through Strom's
 * RuleScript against a hand-written HashMap join and Kafka Streams 4.3.1's KStream-KTable join in
 * a TopologyTestDriver; same input, same process, rounds interleaved, each run loading the table
 * first and then joining the stream. All three must emit the same rows (count and checksum). Then
 * the retained heap per table row. RATIO lines use the median wall-clock time over the rounds;
 * each round's ratio and the range are printed too, the ratios by CPU time of the thread, and the
 * bytes each contender allocated per order (its table load included).
 */
public final class JoinsBenchmark implements Benchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** HotSpot's: bytes the benchmark thread allocated, to show each contender's garbage per order. */
  private static final com.sun.management.ThreadMXBean ALLOCATIONS = (com.sun.management.ThreadMXBean) THREADS;

  @Override
  public String name() {
    return "joins";
  }

  @Override
  public String description() {
    return "stream-table INNER JOIN (5M orders x 100k users) vs hand-written HashMap and Kafka Streams; bytes per table row";
  }

  @Override
  public void run(List<String> args) {
    Options options = BenchFlags.parse(new Options(), args);
    if (options == null) {
      return;
    }
    int iterations = options.iterations;
    int ksIterations = Math.min(iterations, options.ksIterations);
    System.out.printf(Locale.ROOT, "joins: %,d orders JOIN %,d users (INNER, %.0f %% of the orders without a user row)%n",
        options.records, options.tableRows, JoinInput.MISSING_SHARE * 100);
    JoinInput input = JoinInput.generate(options.tableRows, options.records, 42);

    OursJoin ours = new OursJoin();
    HandwrittenJoin handwritten = new HandwrittenJoin();
    KafkaStreamsJoin kafkaStreams = new KafkaStreamsJoin();
    List<StreamTableJoin> contenders = List.of(ours, handwritten, kafkaStreams);
    Map<StreamTableJoin, List<double[]>> timings = new LinkedHashMap<>(); // {wall s, cpu s, allocated bytes} per round
    Map<StreamTableJoin, StreamTableJoin.Result> results = new LinkedHashMap<>();
    contenders.forEach(c -> timings.put(c, new ArrayList<>()));

    System.out.println("warm-up (Kafka Streams on the first 1M orders)...");
    for (int i = 0; i < 2; i++) {
      results.put(ours, ours.run(input));
      results.put(handwritten, handwritten.run(input));
    }
    check("strom", results.get(ours), "the hand-written join", results.get(handwritten));
    JoinInput warmUp = input.prefix(1_000_000);
    check("strom", ours.run(warmUp), "Kafka Streams", kafkaStreams.run(warmUp));

    for (int i = 0; i < iterations; i++) {
      for (StreamTableJoin contender : contenders) {
        if (contender == kafkaStreams && i >= ksIterations) {
          continue;
        }
        settleHeap(); // the previous contender's garbage is not this one's cost
        long wallStart = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long allocatedStart = ALLOCATIONS.getCurrentThreadAllocatedBytes();
        results.put(contender, contender.run(input));
        double allocated = ALLOCATIONS.getCurrentThreadAllocatedBytes() - allocatedStart;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        timings.get(contender).add(new double[] {wall, cpu, allocated});
        System.out.printf(Locale.ROOT, "  round %d %-22s %8.3f s wall %8.3f s cpu%n", i + 1, contender.name(), wall, cpu);
      }
      check("strom", results.get(ours), "the hand-written join", results.get(handwritten));
      if (i < ksIterations) {
        check("strom", results.get(ours), "Kafka Streams", results.get(kafkaStreams));
      }
      System.out.printf(Locale.ROOT, "  round %d ratio vs hand-written %.3f%s%n", i + 1,
          ratio(timings, handwritten, ours, i, 0),
          i < ksIterations ? String.format(Locale.ROOT, ", vs Kafka Streams %.2f", ratio(timings, kafkaStreams, ours, i, 0)) : "");
    }

    System.out.println("memory: 1M table rows...");
    int memoryRows = 1_000_000;
    double stromPerRow = TableRowMemory.strom(ours, memoryRows);
    double handwrittenPerRow = TableRowMemory.handwritten(memoryRows);

    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %14s %12s %12s %18s %14s%n", "contender", "orders/s", "median wall", "median cpu",
        "wall min-max", "alloc/order");
    for (StreamTableJoin contender : contenders) {
      List<double[]> t = timings.get(contender);
      System.out.printf(Locale.ROOT, "%-22s %,14.0f %10.3f s %10.3f s %8.3f-%.3f s %12.0f B%n", contender.name(),
          options.records / Rounds.median(Rounds.column(t, 0)), Rounds.median(Rounds.column(t, 0)), Rounds.median(Rounds.column(t, 1)), Rounds.min(Rounds.column(t, 0)),
          Rounds.max(Rounds.column(t, 0)), Rounds.median(Rounds.column(t, 2)) / options.records);
    }
    StreamTableJoin.Result r = results.get(ours);
    System.out.printf(Locale.ROOT, "joined rows: %,d of %,d orders (all three agree, checksum %016x)%n", r.rows(),
        options.records, r.checksum());
    double[] vsHandwritten = ratios(timings, handwritten, ours, iterations, 0);
    double[] vsKafkaStreams = ratios(timings, kafkaStreams, ours, ksIterations, 0);
    System.out.printf(Locale.ROOT, "vs hand-written: median %.3f, range %.3f-%.3f over %d rounds; by cpu time %.3f (%.3f-%.3f)%n",
        Rounds.median(vsHandwritten), Rounds.min(vsHandwritten), Rounds.max(vsHandwritten), iterations,
        Rounds.median(ratios(timings, handwritten, ours, iterations, 1)), Rounds.min(ratios(timings, handwritten, ours, iterations, 1)),
        Rounds.max(ratios(timings, handwritten, ours, iterations, 1)));
    System.out.printf(Locale.ROOT, "vs Kafka Streams: median %.2f, range %.2f-%.2f over %d rounds; by cpu time %.2f (%.2f-%.2f)%n",
        Rounds.median(vsKafkaStreams), Rounds.min(vsKafkaStreams), Rounds.max(vsKafkaStreams), ksIterations,
        Rounds.median(ratios(timings, kafkaStreams, ours, ksIterations, 1)), Rounds.min(ratios(timings, kafkaStreams, ours, ksIterations, 1)),
        Rounds.max(ratios(timings, kafkaStreams, ours, ksIterations, 1)));
    System.out.printf(Locale.ROOT, "retained heap per table row (1M rows, keys included): strom %.1f B, hand-written HashMap %.1f B%n",
        stromPerRow, handwrittenPerRow);
    System.out.println();
    Report.ratio("joins-vs-handwritten", Rounds.median(vsHandwritten));
    Report.ratio("joins-vs-kafka-streams", Rounds.median(vsKafkaStreams));
    Report.metric("joins-bytes-per-table-row", stromPerRow, "bytes");
  }

  /** All contenders must have emitted the same rows, or the comparison means nothing. */
  private static void check(String aName, StreamTableJoin.Result a, String bName, StreamTableJoin.Result b) {
    if (a.rows() != b.rows() || a.checksum() != b.checksum()) {
      throw new IllegalStateException(aName + " and " + bName + " disagree: " + a + " vs " + b);
    }
    if (a.rows() == 0) {
      throw new IllegalStateException("no joined rows at all: the input does not exercise the join");
    }
  }

  /** Ours' throughput over the baseline's in one round: baseline time / ours. */
  private static double ratio(Map<StreamTableJoin, List<double[]>> timings, StreamTableJoin baseline, StreamTableJoin ours,
      int round, int column) {
    return timings.get(baseline).get(round)[column] / timings.get(ours).get(round)[column];
  }

  private static double[] ratios(Map<StreamTableJoin, List<double[]>> timings, StreamTableJoin baseline, StreamTableJoin ours,
      int rounds, int column) {
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] = ratio(timings, baseline, ours, i, column);
    }
    return ratios;
  }

  private static void settleHeap() {
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The benchmark's flags (picocli; underscores allowed in numbers: 5_000_000). */
  @Command(name = "joins")
  static final class Options {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--records", paramLabel = "N", converter = BenchFlags.Count.class, description = "stream records (default 5,000,000)")
    int records = 5_000_000;

    @Option(names = "--table-rows", paramLabel = "N", converter = BenchFlags.Count.class, description = "table rows (default 100,000)")
    int tableRows = 100_000;

    @Option(names = "--iterations", paramLabel = "N", converter = BenchFlags.Count.class, description = "timed rounds (default 5)")
    int iterations = 5;

    @Option(names = "--ks-iterations", paramLabel = "N", converter = BenchFlags.Count.class,
        description = "of those, how many also run Kafka Streams (default 3)")
    int ksIterations = 3;
  }
}
