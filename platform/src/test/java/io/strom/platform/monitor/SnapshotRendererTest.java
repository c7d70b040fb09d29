package io.strom.platform.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotRendererTest {

  /**
   * Three workers, one killed (its process gone), one hung (alive, its REST API silent): the
   * task Connect still reports RUNNING on the killed worker is shown LOST, as the Monitor maps it.
   */
  private final Snapshot snapshot = new Snapshot(42,
      List.of(new Snapshot.WorkerState("127.0.0.1:8083", true, true),
          new Snapshot.WorkerState("127.0.0.1:8084", false, false),
          new Snapshot.WorkerState("127.0.0.1:8085", true, false)),
      List.of(new Snapshot.ConnectorState("iot-sink", "sink", "RUNNING", "127.0.0.1:8083",
          List.of(new Snapshot.TaskState(0, "RUNNING", "127.0.0.1:8083", 12.5, null),
              new Snapshot.TaskState(1, "FAILED", "127.0.0.1:8083", 0, "boom"),
              new Snapshot.TaskState(2, Snapshot.LOST, "127.0.0.1:8084", 0, null)), 12.5, 7L, 0, null),
          new Snapshot.ConnectorState("logins", "source", Snapshot.LOST, "127.0.0.1:8084",
              List.of(new Snapshot.TaskState(0, Snapshot.LOST, "127.0.0.1:8084", 0, null)), 0, null, 9, null)),
      List.of(new Snapshot.RuleCount("overheat_alerts", "overheat_alerts", 3L),
          new Snapshot.RuleCount("device_stats", "device_stats", null)),
      List.of("overheat_alerts: device_id=device-00001 temperature=47.1"),
      Map.of("iot_readings", 1000L, "overheat_alerts", 3L));

  @Test
  void summaryHasOneLinePerTableAndPerRuleWithZeroForAMissingTable() {
    assertThat(render(out -> SnapshotRenderer.summary(snapshot, out)).lines()).containsExactly(
        "TABLE iot_readings 1000", "TABLE overheat_alerts 3",
        "ALERTS overheat_alerts 3", "ALERTS device_stats 0");
  }

  @Test
  void headlessLinesShowWorkersDownLostTasksIdleTimesAndErrors() {
    assertThat(render(out -> SnapshotRenderer.headless(snapshot, out)).lines()).containsExactly(
        "[42s] WORKERS 1/3 up",
        "[42s] WORKER 127.0.0.1:8084 DOWN process exited",
        "[42s] WORKER 127.0.0.1:8085 DOWN REST API not answering",
        "[42s] CONNECTOR iot-sink sink RUNNING tasks=1/3 records/s=12.5 lag=7 idle=0s",
        "[42s] TASK iot-sink/1 FAILED worker=127.0.0.1:8083 error=boom",
        "[42s] TASK iot-sink/2 LOST worker=127.0.0.1:8084",
        "[42s] CONNECTOR logins source LOST tasks=0/1 records/s=0.0 idle=9s",
        "[42s] TASK logins/0 LOST worker=127.0.0.1:8084",
        "[42s] RULES overheat_alerts=3 device_stats=-");
  }

  @Test
  void terminalViewShowsWorkersTasksIdleRulesAndLatestAlerts() {
    String screen = render(out -> SnapshotRenderer.terminal(snapshot, "header", out));
    assertThat(screen).startsWith("\u001b[H\u001b[2J").contains(
        "WORKERS 1/3 up   127.0.0.1:8083 up   127.0.0.1:8084 DOWN (process exited)"
            + "   127.0.0.1:8085 DOWN (REST API not answering)",
        "iot-sink", "task 1", "FAILED", "! boom", "LOST", "9s",
        "overheat_alerts", "device-00001");
    assertThat(screen.lines().filter(line -> line.startsWith("  task 2 ")).findFirst().orElseThrow())
        .contains("LOST", "127.0.0.1:8084");
  }

  private static String render(java.util.function.Consumer<PrintStream> view) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    view.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
