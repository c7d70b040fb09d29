package io.strom.bench.rules.patterns;

import io.strom.bench.Rounds;
import io.strom.bench.BenchFlags;
import io.strom.bench.Benchmark;
import io.strom.bench.Report;
import io.strom.rules.contract.RuleInstance;
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
 * {@code ./strom bench patterns [--events N] [--users N] [--iterations N]}: account takeover
 * ({@code A{3,} B WITHIN 10 MINUTES}) through Strom's MATCH_RECOGNIZE against a state machine
 * hand-written for exactly that pattern, same input, same process, iterations interleaved; the
 * two must find the same matches. Then the memory of the partial matches open after the input:
 * retained heap (GC'd heap after minus before, the rule instance alone holding state) and
 * snapshot bytes, each divided by the open partial matches (failed logins still inside WITHIN and
 * not ended by a success, as the hand-written machine counts them: each is one attempt of the NFA),
 * and the bytes each contender allocates per event (HotSpot's thread counter: unlike the times, not
 * moved by the load of the machine).
 */
public final class PatternsBenchmark implements Benchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** HotSpot's per-thread allocation counter: bytes allocated do not depend on the machine's load. */
  private static final com.sun.management.ThreadMXBean ALLOCATIONS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Override
  public String name() {
    return "patterns";
  }

  @Override
  public String description() {
    return "MATCH_RECOGNIZE account takeover (A{3,} B WITHIN 10 min) vs a hand-written state machine; bytes per partial match";
  }

  @Override
  public void run(List<String> args) {
    Options options = options(args);
    if (options == null) {
      return;
    }
    System.out.printf(Locale.ROOT, "patterns: %,d logins, %,d users, PATTERN (A{%d,} B) WITHIN %d minutes%n",
        options.events, options.users, LoginInput.MIN_FAILURES, LoginInput.WITHIN_MILLIS / 60_000);
    LoginInput input = LoginInput.generate(options.events, options.users, 42);

    OursTakeover ours = new OursTakeover();
    HandwrittenTakeover handwritten = new HandwrittenTakeover();
    List<TakeoverDetector> contenders = List.of(ours, handwritten);
    Map<TakeoverDetector, List<double[]>> timings = new LinkedHashMap<>(); // {wall s, cpu s, bytes allocated}
    Map<TakeoverDetector, TakeoverDetector.Result> results = new LinkedHashMap<>();
    contenders.forEach(c -> timings.put(c, new ArrayList<>()));

    System.out.println("warm-up...");
    for (int i = 0; i < 2; i++) {
      contenders.forEach(c -> results.put(c, c.run(input)));
    }
    check(results.get(ours), results.get(handwritten));
    for (int i = 0; i < options.iterations; i++) {
      for (TakeoverDetector contender : contenders) {
        settleHeap(); // the previous contender's garbage is not this one's cost
        long wallStart = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long allocatedStart = ALLOCATIONS.getCurrentThreadAllocatedBytes();
        results.put(contender, contender.run(input));
        double allocated = ALLOCATIONS.getCurrentThreadAllocatedBytes() - allocatedStart;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        timings.get(contender).add(new double[] {wall, cpu, allocated});
        System.out.printf(Locale.ROOT, "  iteration %d %-20s %8.3f s wall %8.3f s cpu%n", i + 1, contender.name(), wall, cpu);
      }
      check(results.get(ours), results.get(handwritten));
    }
    long open = results.get(handwritten).openPartialMatches();

    System.out.println("memory: the partial matches open after the input...");
    long before = usedHeapAfterGc();
    RuleInstance instance = ours.newInstance();
    ours.run(input, instance);
    long after = usedHeapAfterGc();
    int snapshotBytes = instance.snapshot().length;
    java.lang.ref.Reference.reachabilityFence(instance);
    double heapPerPartial = (after - before) / (double) open;
    double snapshotPerPartial = snapshotBytes / (double) open;

    System.out.println();
    System.out.printf(Locale.ROOT, "%-20s %14s %12s %12s %16s %12s%n", "contender", "events/s", "median wall", "median cpu",
        "wall min-max", "B/event");
    Map<TakeoverDetector, double[]> medians = new LinkedHashMap<>();
    for (TakeoverDetector contender : contenders) {
      List<double[]> t = timings.get(contender);
      double wall = Rounds.median(Rounds.column(t, 0));
      double cpu = Rounds.median(Rounds.column(t, 1));
      double allocatedPerEvent = Rounds.median(Rounds.column(t, 2)) / options.events;
      medians.put(contender, new double[] {wall, cpu, allocatedPerEvent});
      System.out.printf(Locale.ROOT, "%-20s %,14.0f %10.3f s %10.3f s %7.3f-%.3f s %12.1f%n", contender.name(),
          options.events / wall, wall, cpu, Rounds.min(Rounds.column(t, 0)), Rounds.max(Rounds.column(t, 0)),
          allocatedPerEvent);
    }
    double[] ratios = new double[options.iterations];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = timings.get(handwritten).get(i)[0] / timings.get(ours).get(i)[0];
    }
    TakeoverDetector.Result r = results.get(ours);
    System.out.printf(Locale.ROOT, "matches: %,d (both agree); partial matches open at the end: %,d%n", r.matches(), open);
    System.out.printf(Locale.ROOT, "by median cpu time: %.3f%n", medians.get(handwritten)[1] / medians.get(ours)[1]);
    System.out.printf(Locale.ROOT, "per open partial match: %.1f B retained heap, %.1f B of snapshot (%,d B in all)%n",
        heapPerPartial, snapshotPerPartial, snapshotBytes);
    System.out.println();
    Report.ratioOverRounds("patterns-vs-handwritten", ratios);
    Report.metric("patterns-bytes-per-partial-match", heapPerPartial, "bytes");
    Report.metric("patterns-snapshot-bytes-per-partial-match", snapshotPerPartial, "bytes");
    Report.metric("patterns-allocated-bytes-per-event", medians.get(ours)[2], "bytes");
  }

  /** Both contenders must have found the same matches, or the comparison means nothing. */
  private static void check(TakeoverDetector.Result ours, TakeoverDetector.Result handwritten) {
    if (ours.matches() != handwritten.matches() || ours.checksum() != handwritten.checksum()) {
      throw new IllegalStateException("strom and the hand-written state machine disagree: " + ours + " vs " + handwritten);
    }
    if (ours.matches() == 0) {
      throw new IllegalStateException("no matches at all: the input does not exercise the pattern");
    }
  }

  private static void settleHeap() {
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      settleHeap();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  /** The benchmark's flags (picocli; underscores allowed in numbers: 1_000_000). */
  @Command(name = "patterns")
  static final class Options {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--events", paramLabel = "N", converter = BenchFlags.Count.class, description = "login events (default 1,000,000)")
    int events = 1_000_000;

    @Option(names = "--users", paramLabel = "N", converter = BenchFlags.Count.class, description = "distinct users (default 100,000)")
    int users = 100_000;

    @Option(names = "--iterations", paramLabel = "N", converter = BenchFlags.Count.class, description = "timed iterations (default 7)")
    int iterations = 7;
  }

  /** The parsed flags, or null after printing the usage for --help. */
  static Options options(List<String> args) {
    return BenchFlags.parse(new Options(), args);
  }
}
