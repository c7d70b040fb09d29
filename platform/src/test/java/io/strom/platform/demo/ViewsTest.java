package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewsTest {

  private final Snapshot snapshot = new Snapshot(42,
      List.of(new Snapshot.ConnectorState("iot-sink", "sink", "RUNNING", "w1",
          List.of(new Snapshot.TaskState(0, "RUNNING", "w1", 12.5, null),
              new Snapshot.TaskState(1, "FAILED", "w2", 0, "boom")), 12.5, 7L, null)),
      List.of(new Snapshot.RuleCount("overheat_alerts", "overheat_alerts", 3L),
          new Snapshot.RuleCount("device_stats", "device_stats", null)),
      List.of("overheat_alerts: device_id=device-00001 temperature=47.1"),
      Map.of("iot_readings", 1000L, "overheat_alerts", 3L));

  @Test
  void summaryHasOneLinePerTableAndPerRuleWithZeroForAMissingTable() {
    assertThat(render(out -> Views.summary(snapshot, out)).lines()).containsExactly(
        "TABLE iot_readings 1000", "TABLE overheat_alerts 3",
        "ALERTS overheat_alerts 3", "ALERTS device_stats 0");
  }

  @Test
  void headlessLinesShowStateRatesLagAndTaskErrors() {
    assertThat(render(out -> Views.headless(snapshot, out)).lines()).containsExactly(
        "[42s] CONNECTOR iot-sink sink RUNNING tasks=1/2 records/s=12.5 lag=7",
        "[42s] TASK iot-sink/1 FAILED error=boom",
        "[42s] RULES overheat_alerts=3 device_stats=-");
  }

  @Test
  void terminalViewShowsTasksRulesAndLatestAlerts() {
    String screen = render(out -> Views.terminal(snapshot, "header", out));
    assertThat(screen).startsWith("\u001b[H\u001b[2J").contains("iot-sink", "task 1", "FAILED", "! boom",
        "overheat_alerts", "device-00001");
  }

  private static String render(java.util.function.Consumer<PrintStream> view) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    view.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
