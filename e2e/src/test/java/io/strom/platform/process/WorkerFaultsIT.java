package io.strom.platform.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connect workers failing under a running pipeline, as real processes: {@code kill -9}, scaling
 * down and up, and a zombie ({@code SIGSTOP} past its session timeout, then {@code SIGCONT}).
 * Each run must leave exactly its reference in PostgreSQL: every reading once, the same alerts,
 * the same aggregates.
 */
@Timeout(600)
class WorkerFaultsIT {

  private static final int S = FaultPlatform.SCALE;

  @RegisterExtension
  static final FaultBed bed = new FaultBed(3);

  @BeforeEach
  void threeWorkers() {
    while (bed.platform().liveWorkers().size() < 3) {
      bed.platform().startWorker();
    }
  }

  @Test
  void aWorkerKilledMidRunIsReplacedAndRestartedWithNothingLostOrDoubled() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "kill_worker", 101, 3000L * S, 100);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 4, Duration.ofSeconds(120));

    int victim = bed.platform().workerOf(run.sink, 0);
    Duration failover = figures.killWorkerAndAwaitFailover(victim);
    bed.platform().startWorker();
    run.awaitAll(Duration.ofSeconds(180L * S), figures::sample);

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database));
    figures.printCommon();
    // The one timed assertion the issue asks for: a killed worker's tasks run again within 15 s.
    assertTrue(failover.compareTo(Duration.ofSeconds(15)) <= 0, "failover took " + Figures.seconds(failover));
    run.delete();
  }

  @Test
  void scalingThreeWorkersToOneAndBackToThreeChangesNothing() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "scale", 102, 3000L * S, 100);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 4, Duration.ofSeconds(120));

    long fault = System.nanoTime();
    long landed = run.landed();
    bed.platform().stopWorker(bed.platform().liveWorkers().get(1));
    bed.platform().stopWorker(bed.platform().liveWorkers().get(1));
    figures.print("scale_3_to_1_recovery", Figures.seconds(figures.awaitRecovered(fault, landed, Duration.ofSeconds(120))));
    run.awaitLanded(run.records / 2, Duration.ofSeconds(120L * S));

    fault = System.nanoTime();
    landed = run.landed();
    bed.platform().startWorker();
    bed.platform().startWorker();
    figures.print("scale_1_to_3_recovery", Figures.seconds(figures.awaitRecovered(fault, landed, Duration.ofSeconds(120))));
    run.awaitAll(Duration.ofSeconds(180L * S), figures::sample);

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database));
    figures.printCommon();
    run.delete();
  }

  /**
   * A zombie: the worker running sink task 0 is paused past its session timeout, the group gives
   * its tasks to the others, and then it resumes still holding buffered records and an open
   * flush. Its late writes must be fenced (the sink's owner epoch): nothing doubled, nothing lost.
   */
  @Test
  void aPausedWorkerThatResumesAfterTheRebalanceIsFenced() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "zombie", 103, 3000L * S, 100);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 4, Duration.ofSeconds(120));

    int zombie = bed.platform().workerOf(run.sink, 0);
    long landed = run.landed();
    long fault = System.nanoTime();
    bed.platform().pauseWorker(zombie);
    Duration rebalanced = figures.awaitRecovered(fault, landed, Duration.ofSeconds(120));
    figures.print("zombie_tasks_moved", Figures.seconds(rebalanced));
    bed.platform().resumeWorker(zombie);
    // On SIGCONT the zombie's exactly-once source task may find its producer fenced, and Connect
    // fails it for good ("will not recover until manually restarted"); figures.sample() restarts
    // it as an operator would and printCommon() reports how many it restarted.
    run.awaitAll(Duration.ofSeconds(180L * S), figures::sample);

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database));
    figures.printCommon();
    run.delete();
  }
}
