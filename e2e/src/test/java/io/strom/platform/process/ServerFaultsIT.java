package io.strom.platform.process;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL under a running pipeline failing hard: stopped with {@code pg_ctl stop -m immediate}
 * for 30 s and started again on the same data directory. The run must leave exactly its reference
 * in PostgreSQL. The broker's own fault is {@link BrokerFaultsIT}.
 */
@Timeout(600)
class ServerFaultsIT {

  private static final int S = FaultPlatform.SCALE;
  @RegisterExtension
  static final FaultBed bed = new FaultBed(2);

  @Test
  void postgresStoppedHardFor30SecondsLosesAndDoublesNothing() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "pg_immediate", 202, 3000L * S, 100);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 4, Duration.ofSeconds(120));

    long landed = run.landed();
    bed.platform().postgres().stopImmediate();
    long outage = System.nanoTime();
    while (System.nanoTime() - outage < Duration.ofSeconds(30).toNanos()) {
      figures.sample();
      FaultPlatform.sleep(1000);
    }
    long restart = System.nanoTime();
    bed.platform().postgres().start();
    figures.print("postgres_restart_to_progress", Figures.seconds(figures.awaitRecovered(restart, landed, Duration.ofSeconds(180))));
    run.awaitAll(Duration.ofSeconds(240L * S), figures::sample);

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database));
    figures.printCommon();
    run.delete();
  }
}
