package io.strom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TestPostgresTest {

  @Test
  @Timeout(120)
  void startsARealServerThatStoresRows() throws Exception {
    try (TestPostgres pg = TestPostgres.start()) {
      pg.execute("CREATE TABLE t (id int primary key)");
      assertThat(pg.execute("INSERT INTO t VALUES (1), (2)")).isEqualTo(2);
      try (Connection c = pg.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version(), count(*) FROM t GROUP BY 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).startsWith("PostgreSQL 17");
        assertThat(rs.getLong(2)).isEqualTo(2);
      }
    }
  }
}
