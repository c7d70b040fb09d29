package io.strom.platform.process;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker under a running pipeline {@code kill -9}'d and started again on the same log
 * dirs, once its dedicated controller has fenced it. The run must leave exactly its reference in
 * PostgreSQL. (In combined mode Kafka 4.3.1 can skip commit markers on such a restart and leave
 * transactions open for good; docs/reliability.md, Known limits.)
 */
@Timeout(600)
class BrokerFaultsIT {

  private static final int S = FaultPlatform.SCALE;
  @RegisterExtension
  static final FaultBed bed = new FaultBed(2);

  @Test
  void theBrokerKilledAndRestartedOnItsLogDirsLosesAndDoublesNothing() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "kill_broker", 201, 3000L * S, 100);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 4, Duration.ofSeconds(120));

    bed.platform().killBroker();
    FaultPlatform.sleep(5000);
    long landed = run.landed();
    long restart = System.nanoTime();
    bed.platform().restartBroker();
    figures.print("broker_restart_to_progress", Figures.seconds(figures.awaitRecovered(restart, landed, Duration.ofSeconds(180))));
    run.awaitAll(Duration.ofSeconds(240L * S), figures::sample);

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database));
    figures.printCommon();
    run.delete();
  }
}
