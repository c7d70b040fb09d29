package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped enrichment rules (config/rules/enrichment/enrichment.sql), each in a PostgreSQL sink
 * connector of its own with the join's stream and table topics as inputs, on three Connect workers
 * of real processes, while the worker running a sink task is killed with SIGKILL (and restarted
 * after failover) and later another one is paused past its session timeout (a zombie) and resumed.
 * The users and device models change, and rows are deleted, between the stream records; the output
 * tables must equal, row for row, what the rules library computes over the records in the order
 * each partition got them: every joined row once, none missing, each against the table row of its
 * time.
 *
 * <p>Not scaled by {@code -Psoak}: the class must finish within its four minutes on two cores.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EnrichmentFailoverIT {

  @RegisterExtension
  static final FaultBed bed = new FaultBed(3);

  @Test
  void theEnrichmentJoinsAreExactlyOnceAcrossAWorkerKillAndAZombie() throws Exception {
    List<EnrichmentFeed.Phase> phases = EnrichmentFeed.generate(19, 10, 300, 300);
    EnrichmentRun run = new EnrichmentRun(bed.platform(), "enrichment", phases, 600);
    Figures figures = new Figures(run, bed.platform());
    run.start();

    AtomicReference<Throwable> feedFailure = new AtomicReference<>();
    Thread feeder = new Thread(() -> {
      try {
        run.feed();
      } catch (Throwable e) {
        feedFailure.set(e);
      }
    }, "enrichment-feed");
    feeder.setDaemon(true);
    feeder.start();

    awaitLanded(run, run.records() * 3 / 10, feedFailure);
    int victim = bed.platform().workerOf(run.loginsSink, 0);
    figures.killWorkerAndAwaitFailover(victim);
    bed.platform().startWorker();

    awaitLanded(run, run.records() * 6 / 10, feedFailure);
    int zombie = bed.platform().workerOf(run.readingsSink, 0);
    long landed = run.landed();
    long fault = System.nanoTime();
    bed.platform().pauseWorker(zombie);
    figures.print("zombie_tasks_moved", Figures.seconds(figures.awaitRecovered(fault, landed, Duration.ofSeconds(120))));
    bed.platform().resumeWorker(zombie);

    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (feeder.isAlive() && System.nanoTime() < deadline) {
      figures.sample();
      feeder.join(1000);
    }
    if (feedFailure.get() != null) {
      throw new AssertionError("the feed failed: " + feedFailure.get(), feedFailure.get());
    }
    assertThat(feeder.isAlive()).as("the feed is still running; %s", run.statuses()).isFalse();
    FaultPlatform.sleep(3000); // every offset is stored; give a late zombie write the chance to show

    List<EnrichmentRun.Written> written = run.written();
    Map<String, Map<String, Integer>> expected = EnrichmentReference.of(EnrichmentRun.RULES, written);
    Map<String, Map<String, Integer>> actual = EnrichmentReference.read(bed.platform().postgres(), run.database);
    for (String table : EnrichmentReference.COLUMNS.keySet()) {
      Tables.compare(run.name, table, expected.get(table), actual.get(table));
    }
    figures.printCommon();
    figures.print("output_rows", EnrichmentReference.size(expected.get("away_from_home_logins")) + "+"
        + EnrichmentReference.size(expected.get("model_limit_alerts")));
    // The machine is shared: the figures mean little without the load they were taken under.
    figures.print("load_average", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);

    // The comparison can fail: both joins have output, and the point in each partition where a
    // table row changed decides it (the same records with every change read first join otherwise).
    Map<String, Map<String, Integer>> changesFirst = EnrichmentReference.of(EnrichmentRun.RULES, tableChangesFirst(written));
    for (String table : EnrichmentReference.COLUMNS.keySet()) {
      assertThat(EnrichmentReference.size(expected.get(table))).as("%s rows", table).isGreaterThan(200);
      assertThat(changesFirst.get(table)).as("%s if the tables changed before any stream record", table)
          .isNotEqualTo(expected.get(table));
    }
    run.delete();
  }

  /** Waits until the sinks have stored {@code count} stream records, failing early if the feed did. */
  private static void awaitLanded(EnrichmentRun run, long count, AtomicReference<Throwable> feedFailure) {
    Duration timeout = Duration.ofSeconds(120);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (run.landed() < count) {
      if (feedFailure.get() != null) {
        throw new AssertionError("the feed failed: " + feedFailure.get(), feedFailure.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(run.name + ": not " + count + " stream records stored within " + timeout.toSeconds() + " s: " + run.landed()
            + "; " + run.statuses());
      }
      FaultPlatform.sleep(200);
    }
  }

  private static List<EnrichmentRun.Written> tableChangesFirst(List<EnrichmentRun.Written> written) {
    List<EnrichmentRun.Written> reordered = new ArrayList<>();
    written.stream().filter(w -> isTable(w.record().topic())).forEach(reordered::add);
    written.stream().filter(w -> !isTable(w.record().topic())).forEach(reordered::add);
    return reordered;
  }

  private static boolean isTable(String topic) {
    return topic.equals(EnrichmentFeed.USERS) || topic.equals(EnrichmentFeed.MODELS);
  }
}
