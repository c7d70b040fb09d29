package io.strom.bench.e2e;

import io.strom.bench.BenchFlags;
import io.strom.bench.Benchmark;
import io.strom.bench.Report;
import io.strom.platform.demo.StromHome;
import io.strom.platform.process.Folders;
import io.strom.platform.process.PostgresProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./strom bench e2e}: the demo's pipeline (real broker, registry, Connect workers and
 * PostgreSQL, each its own process, exactly once as in the demo) at fixed offered rates, timing each
 * overheat alert from the broker's append of its reading to the first poll of PostgreSQL that sees
 * its row. The fixed rate gives the headline percentiles; the steps above it find the highest rate
 * whose p99 stays within the target. There is no baseline in the same run: the figures are
 * absolute, so they hold only for the machine and its load at the time.
 */
public final class E2eBenchmark implements Benchmark {

  @Override
  public String name() {
    return "e2e";
  }

  @Override
  public String description() {
    return "demo pipeline (source -> Kafka -> RuleTransform sink -> PostgreSQL): reading -> alert-row latency per offered rate";
  }

  @Command(name = "e2e")
  static final class Options {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "500",
        description = "fixed offered rate (records/s, all source tasks together) for the headline percentiles (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--steps", paramLabel = "R,R...", split = ",", defaultValue = "100,250,1000,2000,4000,8000",
        description = "further offered rates; all run lowest first, and above the fixed rate stepping stops at the first"
            + " step whose p99 misses the target (default ${DEFAULT-VALUE})")
    List<Double> steps;

    @Option(names = "--target-ms", paramLabel = "MS", defaultValue = "500", description = "p99 target (default ${DEFAULT-VALUE})")
    long targetMs;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
        description = "seconds at a new rate before its window starts (default ${DEFAULT-VALUE})")
    long warmupSeconds;

    @Option(names = "--window", paramLabel = "S", defaultValue = "20",
        description = "seconds of readings measured per step (default ${DEFAULT-VALUE})")
    long windowSeconds;

    @Option(names = "--drain", paramLabel = "S", defaultValue = "30",
        description = "seconds after a window to wait for its last alert rows; later ones count as missing (default ${DEFAULT-VALUE})")
    long drainSeconds;

    @Option(names = "--overheat", paramLabel = "P", defaultValue = "0.5",
        description = "probability that a 120-reading block of a device plays the overheat scenario (default ${DEFAULT-VALUE})")
    double overheatRate;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "20",
        description = "how often PostgreSQL's alert table is polled: the resolution of the latencies (default ${DEFAULT-VALUE})")
    long pollMillis;

    @Option(names = "--offset-flush-ms", paramLabel = "MS",
        description = "the workers' offset.flush.interval.ms, which sets how often the sink commits (default: the demo's,"
            + " config/connect-distributed.properties)")
    Long offsetFlushMs;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Connect workers (default ${DEFAULT-VALUE}, as the demo)")
    int workers;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "logs and data of the servers (default data/bench-e2e; emptied at start)")
    Path dataDir;

    @Option(names = "--keep", description = "keep the data directory after the run")
    boolean keep;
  }

  @Override
  public void run(List<String> args) throws Exception {
    Options options = BenchFlags.parse(new Options(), args);
    if (options == null) {
      return;
    }
    // The testkit jar on this classpath ships log4j2-test.xml: keep the CLI's (warnings to stderr).
    System.setProperty("log4j2.configurationFile", "log4j2.xml");
    RatePlan plan = new RatePlan(options.rate, options.steps, options.targetMs);
    Path home = StromHome.find();
    Path data = (options.dataDir != null ? options.dataDir : home.resolve("data").resolve("bench-e2e")).toAbsolutePath();
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "e2e: iot-sensors -> iot.readings -> iot-alerts (RuleTransform overheat_alerts) -> PostgreSQL;"
        + " rates %s records/s, %d s warm-up + %d s window per step, overheat %.2f, alert table polled every %d ms,"
        + " offset.flush.interval.ms %s%n",
        plan.rates(), options.warmupSeconds, options.windowSeconds, options.overheatRate, options.pollMillis,
        options.offsetFlushMs != null ? options.offsetFlushMs : "as config/connect-distributed.properties");
    boolean failed = true;
    try (DemoPipeline pipeline = DemoPipeline.start(home, data, StromHome.pluginArchive(home), options.workers,
        options.overheatRate, options.offsetFlushMs, out);
         ReadingLog readings = new ReadingLog(pipeline.platform().bootstrapServers(),
             pipeline.platform().schemaRegistryUrl(), pipeline.topic(), pipeline.alertRuleConfig());
         AlertTable alerts = new AlertTable(pipeline.platform().jdbcUrl(), PostgresProcess.USER, PostgresProcess.PASSWORD,
             pipeline.alertTable(), "device_id", "ts", options.pollMillis)) {
      // Ctrl-C: stop the servers in order, as the demo does (closing twice is harmless).
      Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "e2e-stop"));
      out.println();
      out.println(StepTable.header());
      for (Double rate = plan.next(); rate != null; rate = plan.next()) {
        pipeline.offer(rate);
        Thread.sleep(options.warmupSeconds * 1000);
        long windowStart = System.currentTimeMillis() / 1000 + 1;
        sleepUntil((windowStart + options.windowSeconds) * 1000);
        RatePlan.Step step = StepMeasurement.measure(rate, windowStart, options.windowSeconds,
            options.drainSeconds * 1000, readings, alerts);
        plan.record(step);
        out.println(StepTable.row(step, plan.targetMs()));
        out.flush();
      }
      out.println();
      out.printf(Locale.ROOT, "latency = first poll of PostgreSQL that sees the alert row (every %d ms, so up to %d ms"
          + " late) - the broker's LogAppendTime of its reading; kafka = when a read_committed consumer beside the sink"
          + " got the reading - that append time; duplicate alert rows seen: %d%n",
          options.pollMillis, options.pollMillis, alerts.duplicates());
      RatePlan.Step fixed = plan.fixedStep();
      Report.metric("e2e-p50-ms", fixed.latency().p50(), "ms");
      Report.metric("e2e-p95-ms", fixed.latency().p95(), "ms");
      Report.metric("e2e-p99-ms", fixed.latency().p99(), "ms");
      Report.metric("e2e-max-ms", fixed.latency().max(), "ms");
      Report.metric("e2e-achieved-rate", fixed.achievedRate(), "records/s");
      Report.metric("e2e-kafka-p50-ms", fixed.kafka().p50(), "ms");
      Report.metric("e2e-kafka-p99-ms", fixed.kafka().p99(), "ms");
      Report.metric("e2e-max-rate", plan.maxRate(), "records/s");
      failed = false;
    } finally {
      if (options.keep || failed) {
        out.println("kept " + data);
      } else {
        Folders.delete(data);
      }
    }
  }

  private static void sleepUntil(long epochMs) throws InterruptedException {
    long rest = epochMs - System.currentTimeMillis();
    if (rest > 0) {
      Thread.sleep(rest);
    }
  }
}
