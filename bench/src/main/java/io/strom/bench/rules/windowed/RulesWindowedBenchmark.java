package io.strom.bench.rules.windowed;

import io.strom.bench.Benchmark;
import io.strom.bench.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./strom bench rules-windowed [--records N] [--keys N] [--iterations N] [--ks-iterations N]}:
 * tumbling COUNT(*) by key with HAVING, Strom's window runtime against a hand-written HashMap loop
 * and Kafka Streams 4.3.1, same input, same process; then retained heap per open window.
 */
public final class RulesWindowedBenchmark implements Benchmark {

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
    Map<String, Integer> options = options(args);
    int records = options.get("records");
    int keys = options.get("keys");
    int iterations = options.get("iterations");
    int ksIterations = Math.min(iterations, options.get("ks-iterations"));
    System.out.printf(Locale.ROOT, "rules-windowed: %,d records, %,d keys, tumbling %d s, grace %d s, HAVING COUNT(*) > %d%n",
        records, keys, WindowedInput.WINDOW_MILLIS / 1000, WindowedInput.GRACE_MILLIS / 1000, WindowedInput.THRESHOLD);
    WindowedInput input = WindowedInput.generate(records, keys, 42);

    WindowedCount ours = new OursWindowedCount();
    WindowedCount handwritten = new HandwrittenWindowedCount();
    WindowedCount kafkaStreams = new KafkaStreamsWindowedCount();
    List<WindowedCount> contenders = List.of(ours, handwritten, kafkaStreams);
    Map<WindowedCount, List<Double>> seconds = new LinkedHashMap<>();
    Map<WindowedCount, WindowedCount.Result> results = new LinkedHashMap<>();
    contenders.forEach(c -> seconds.put(c, new ArrayList<>()));

    System.out.println("warm-up...");
    for (WindowedCount contender : contenders) {
      results.put(contender, contender.run(input));
    }
    check(results, ours, handwritten, kafkaStreams);
    for (int i = 0; i < iterations; i++) {
      for (WindowedCount contender : contenders) {
        if (contender == kafkaStreams && i >= ksIterations) {
          continue;
        }
        long start = System.nanoTime();
        results.put(contender, contender.run(input));
        double elapsed = (System.nanoTime() - start) / 1e9;
        seconds.get(contender).add(elapsed);
        System.out.printf(Locale.ROOT, "  iteration %d %-22s %8.3f s%n", i + 1, contender.name(), elapsed);
      }
      check(results, ours, handwritten, kafkaStreams);
    }

    System.out.println("memory: filling 1M open windows...");
    double bytesPerWindow = OpenWindowMemory.bytesPerOpenWindow(100_000, 10);
    double bytesPerWindowOneEach = OpenWindowMemory.bytesPerOpenWindow(1_000_000, 1);

    WindowedCount.Result r = results.get(ours);
    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %14s %10s %12s%n", "contender", "records/s", "median s", "iterations");
    Map<WindowedCount, Double> throughput = new LinkedHashMap<>();
    for (WindowedCount contender : contenders) {
      double median = median(seconds.get(contender));
      throughput.put(contender, records / median);
      System.out.printf(Locale.ROOT, "%-22s %,14.0f %10.3f %12d%n", contender.name(), records / median, median,
          seconds.get(contender).size());
    }
    System.out.printf(Locale.ROOT, "rows passing HAVING: %,d, tombstones: %,d, late records: %,d%n",
        r.rows(), r.tombstones(), r.late());
    System.out.printf(Locale.ROOT, "retained heap per open window: %.1f B (100k keys x 10 windows), %.1f B (1M keys x 1 window)%n",
        bytesPerWindow, bytesPerWindowOneEach);
    System.out.println();
    Report.ratio("rules-windowed-vs-handwritten", throughput.get(ours) / throughput.get(handwritten));
    Report.ratio("rules-windowed-vs-kafka-streams", throughput.get(ours) / throughput.get(kafkaStreams));
    Report.metric("rules-bytes-per-open-window", bytesPerWindow, "bytes");
    Report.metric("rules-bytes-per-open-window-1m-keys", bytesPerWindowOneEach, "bytes");
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

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Map<String, Integer> options(List<String> args) {
    Map<String, Integer> options = new LinkedHashMap<>();
    options.put("records", 5_000_000);
    options.put("keys", 100_000);
    options.put("iterations", 5);
    options.put("ks-iterations", 3);
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i).replaceFirst("^--", "");
      if (!options.containsKey(name) || i + 1 >= args.size()) {
        throw new IllegalArgumentException("usage: rules-windowed " + Arrays.toString(
            options.keySet().stream().map(k -> "--" + k + " N").toArray()));
      }
      options.put(name, Integer.parseInt(args.get(++i).replace("_", "")));
    }
    return options;
  }
}
