package io.strom.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RuleMatchesTest {

  private static RuleMatches<SourceRecord> predicate(String sql) {
    RuleMatches<SourceRecord> p = new RuleMatches<>();
    p.configure(Map.of("rules", sql));
    return p;
  }

  @Test
  void matchesStructsByTheWhereClause() {
    RuleMatches<SourceRecord> hot = predicate(RuleTransformTest.HOT);
    assertThat(hot.test(RuleTransformTest.record(RuleTransformTest.reading("d1", 35.0, 1f)))).isTrue();
    assertThat(hot.test(RuleTransformTest.record(RuleTransformTest.reading("d1", 25.0, 1f)))).isFalse();
    assertThat(hot.test(RuleTransformTest.record(RuleTransformTest.reading("d1", null, 1f)))).isFalse();
    assertThat(hot.test(RuleTransformTest.record(null))).as("no value never matches").isFalse();
    hot.close();
  }

  @Test
  void matchesSchemalessMaps() {
    RuleMatches<SourceRecord> p = predicate("SELECT * FROM logins WHERE NOT success AND country <> 'DE'");
    Map<String, Object> failed = new HashMap<>(Map.of("user", "u1", "success", false, "country", "FR"));
    assertThat(p.test(RuleTransformTest.record(failed))).isTrue();
    failed.put("country", "DE");
    assertThat(p.test(RuleTransformTest.record(failed))).isFalse();
    failed.put("country", null);
    assertThat(p.test(RuleTransformTest.record(failed))).as("NULL <> 'DE' is not true").isFalse();
  }

  @Test
  void aTypeErrorFailsNamingTheRule() {
    RuleMatches<SourceRecord> p = predicate("SELECT * FROM logins WHERE attempts > 3");
    assertThat(p.test(RuleTransformTest.record(new HashMap<>(Map.of("attempts", 4L))))).isTrue();
    assertThatThrownBy(() -> p.test(RuleTransformTest.record(new HashMap<>(Map.of("attempts", "four")))))
        .isInstanceOf(DataException.class).hasMessageContaining("RULE_LOGINS").hasMessageContaining("ATTEMPTS");
    SourceRecord text = new SourceRecord(Map.of(), Map.of(), "t", 0, Schema.STRING_SCHEMA, "x");
    assertThatThrownBy(() -> p.test(text)).isInstanceOf(DataException.class);
  }

  @Test
  void badSqlIsAConfigError() {
    assertThatThrownBy(() -> predicate("SELECT * FROM logins WHERE")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("1:");
  }
}
