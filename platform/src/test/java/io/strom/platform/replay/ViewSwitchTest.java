package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Views switched to a new table set against a real PostgreSQL (zonky's, as the demo runs). */
class ViewSwitchTest {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE alerts (device text, temp double precision)");
      s.execute("INSERT INTO alerts VALUES ('d1', 41)");
      s.execute("CREATE TABLE alerts_v2 (device text, temp double precision)");
      s.execute("INSERT INTO alerts_v2 VALUES ('d2', 42)");
      s.execute("CREATE TABLE alerts_v3 (device text, celsius double precision, site text)");
      s.execute("INSERT INTO alerts_v3 VALUES ('d3', 43, 's')");
      s.execute("CREATE TABLE stats (device text)");
      s.execute("CREATE TABLE stats_v2 (device text)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  @Test
  void createsAViewThenReplacesItEvenWhenTheNewTableHasOtherColumns() throws SQLException {
    try (Connection c = connect()) {
      ViewSwitch.switchViews(c, Map.of("alerts_current", "alerts_v2"));
      assertThat(single(c, "SELECT device FROM alerts_current")).isEqualTo("d2");
      ViewSwitch.switchViews(c, Map.of("alerts_current", "alerts_v3"));
      assertThat(single(c, "SELECT device || ' ' || site FROM alerts_current")).isEqualTo("d3 s");
      assertThat(single(c, "SELECT count(*) FROM alerts")).as("the live table untouched").isEqualTo("1");
    }
  }

  @Test
  void refusesATableInTheViewsPlaceOrAMissingNewTableBeforeSwitchingAnything() throws SQLException {
    try (Connection c = connect()) {
      ViewSwitch.switchViews(c, Map.of("stats_current", "stats"));
      assertThatThrownBy(() -> ViewSwitch.switchViews(c, new java.util.LinkedHashMap<>(Map.of(
          "stats_current", "stats_v2", "alerts", "alerts_v2"))))
          .hasMessageContaining("alerts exists and is not a view");
      assertThatThrownBy(() -> ViewSwitch.switchViews(c, Map.of("stats_current", "stats_v9")))
          .hasMessageContaining("table stats_v9 does not exist");
      assertThat(single(c, "SELECT definition FROM pg_views WHERE viewname = 'stats_current'"))
          .as("still the first switch's").contains("FROM stats;");
      assertThat(single(c, "SELECT count(*) FROM alerts")).isEqualTo("1");
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
