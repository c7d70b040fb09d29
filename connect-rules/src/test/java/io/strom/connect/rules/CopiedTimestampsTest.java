package io.strom.connect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.RuleScript;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import org.junit.jupiter.api.Test;

class CopiedTimestampsTest {

  private static final StreamSchema READINGS = StreamSchema.builder("READINGS")
      .value("DEVICE_ID", SqlType.STRING).value("TS", SqlType.TIMESTAMP).value("TEMPERATURE", SqlType.DOUBLE).build();

  private static boolean[] copied(String sql) {
    return CopiedTimestamps.of(RuleScript.compileQuery("R", READINGS, sql));
  }

  @Test
  void onlyTimestampsThatAreSolelyCopiedMayStayConnectDates() {
    assertThat(copied("SELECT device_id, ts FROM readings WHERE temperature > 1;")).containsExactly(false, true, false);
    assertThat(copied("SELECT device_id, ts AS a, ts AS b FROM readings;")).containsExactly(false, true, false);
    assertThat(copied("SELECT device_id, ts FROM readings WHERE ts IS NOT NULL;")).containsExactly(false, false, false);
    assertThat(copied("SELECT ts, CASE WHEN temperature > 0 THEN ts END AS t2 FROM readings;"))
        .containsExactly(false, false, false);
    assertThat(copied("SELECT device_id FROM readings;")).containsExactly(false, false, false);
  }

  @Test
  void notTheEventTimeColumnNorInAggregations() {
    StreamSchema withEventTime = new StreamSchema("READINGS", "readings", READINGS.columns(), "TS");
    assertThat(CopiedTimestamps.of(RuleScript.compileQuery("R", withEventTime,
        "SELECT device_id, ts FROM readings;"))).containsExactly(false, false, false);
    assertThat(copied("SELECT device_id, LATEST_BY_OFFSET(ts) AS ts FROM readings GROUP BY device_id;"))
        .containsExactly(false, false, false);
  }
}
