package io.strom.rules.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Whatever text arrives (mutated valid scripts, random token soup), compiling either succeeds or
 * throws the engine's own {@link RuleException} with positions; never an NPE, an index error or a
 * stack overflow. Scripts that compile are also run on a null row and a row of odd values, where
 * only {@link RuleEvaluationException} may come out.
 */
class RobustnessPropertyTest {

  private static final String SOURCE = "CREATE STREAM s (k STRING KEY, a INT, b BIGINT, d DOUBLE, t STRING, f BOOLEAN,"
      + " m DECIMAL(6, 2), arr ARRAY<INT>, mp MAP<STRING, DOUBLE>) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');\n";

  private static final List<String> VALID = List.of(
      "CREATE STREAM o AS SELECT k, a + b AS x, d * 2 FROM s WHERE a > 1 AND t LIKE 'x%' EMIT CHANGES;",
      "CREATE STREAM o AS SELECT k, CASE WHEN a < 2 THEN 'small' WHEN a < 4 THEN 'mid' ELSE 'big' END AS sz FROM s;",
      "CREATE STREAM o AS SELECT k, CAST(a AS STRING) AS c, SUBSTRING(t, 2, 3), ABS(d), ROUND(d, 1) FROM s WHERE t IS NOT NULL;",
      "CREATE STREAM o AS SELECT * FROM s WHERE a BETWEEN 1 AND 10 OR b NOT IN (1, 2, 3) OR f;",
      "CREATE STREAM o AS SELECT k, arr[1] AS first, mp['x'] AS x, m * 2 AS mm FROM s WHERE a IS DISTINCT FROM b;",
      "CREATE TABLE o AS SELECT k, COUNT(*) AS n, SUM(a) AS total FROM s WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 5 SECONDS)"
          + " WHERE NOT f GROUP BY k HAVING COUNT(*) > 5 EMIT CHANGES;",
      "CREATE TABLE o AS SELECT k, AVG(d) AS av, WINDOWSTART AS ws FROM s WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECONDS)"
          + " GROUP BY k EMIT FINAL;",
      "CREATE TABLE o AS SELECT t, LATEST_BY_OFFSET(a) AS l FROM s WINDOW SESSION (5 MINUTES, RETENTION 2 DAYS) GROUP BY t;",
      "CREATE STREAM o WITH (KAFKA_TOPIC='out') AS SELECT k, UCASE(t) + LCASE(t) AS u, SIGN(a), SQRT(d) FROM s;",
      "CREATE STREAM o AS SELECT k, -a % 3 AS r, (a + 1) / 2 AS h, CONCAT(t, 'x', t) FROM s WHERE d > 1e-1 AND m < 2.5;");

  private static final List<String> TOKENS = List.of("CREATE", "STREAM", "TABLE", "AS", "SELECT", "FROM", "WHERE", "GROUP",
      "BY", "HAVING", "WINDOW", "TUMBLING", "HOPPING", "SESSION", "SIZE", "ADVANCE", "GRACE", "PERIOD", "RETENTION", "EMIT",
      "CHANGES", "FINAL", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "AND", "OR", "NOT", "IS", "NULL", "IN", "LIKE",
      "BETWEEN", "DISTINCT", "KEY", "WITH", "(", ")", ",", ";", "*", "+", "-", "/", "%", "=", "<>", "<", ">=", "[", "]",
      "->", ".", "'x'", "''", "1", "2.5", "1e3", "99999999999999999999", "k", "a", "b", "d", "t", "f", "m", "arr", "mp",
      "s", "o", "COUNT", "SUM", "ABS", "SUBSTRING", "COALESCE", "CONCAT", "ROUND", "IFNULL", "TOPK", "LATEST_BY_OFFSET", "WINDOWSTART", "ROWTIME", "`q`", "\"dq\"", "INT", "STRING",
      "DECIMAL", "ARRAY", "MAP", "<", ">", "SECONDS", "--c\n", "/*x*/", "@", "#", "$", "\\", "\"");

  @Property(tries = 10_000, seed = "20261125", shrinking = ShrinkingMode.OFF)
  void mutated_statements_only_raise_rule_exceptions(@ForAll("mutatedScripts") String sql) {
    check(sql);
  }

  @Property(tries = 5_000, seed = "4242", shrinking = ShrinkingMode.OFF)
  void random_token_streams_only_raise_rule_exceptions(@ForAll("tokenSoup") String sql) {
    check(sql);
  }

  @Provide
  Arbitrary<String> mutatedScripts() {
    return Arbitraries.longs().map(seed -> mutate(new Random(seed)));
  }

  @Provide
  Arbitrary<String> tokenSoup() {
    return Arbitraries.longs().map(seed -> {
      Random r = new Random(seed);
      StringBuilder sb = new StringBuilder(r.nextBoolean() ? SOURCE : "");
      int n = 1 + r.nextInt(40);
      for (int i = 0; i < n; i++) {
        sb.append(TOKENS.get(r.nextInt(TOKENS.size()))).append(r.nextInt(8) == 0 ? "" : " ");
      }
      return sb.toString();
    });
  }

  private static String mutate(Random r) {
    List<String> tokens = new ArrayList<>(List.of(VALID.get(r.nextInt(VALID.size())).split(" ")));
    int mutations = 1 + r.nextInt(3);
    for (int i = 0; i < mutations && !tokens.isEmpty(); i++) {
      int at = r.nextInt(tokens.size());
      switch (r.nextInt(6)) {
        case 0 -> tokens.remove(at);
        case 1 -> tokens.add(at, TOKENS.get(r.nextInt(TOKENS.size())));
        case 2 -> tokens.set(at, TOKENS.get(r.nextInt(TOKENS.size())));
        case 3 -> tokens.add(at, tokens.get(r.nextInt(tokens.size())));
        case 4 -> {
          String t = tokens.get(at);
          if (!t.isEmpty()) {
            int cut = r.nextInt(t.length());
            tokens.set(at, t.substring(0, cut) + t.substring(cut + 1));
          }
        }
        default -> tokens.subList(at, tokens.size()).clear();
      }
    }
    return SOURCE + String.join(" ", tokens);
  }

  private static void check(String sql) {
    RuleScript script;
    try {
      script = RuleScript.compile(sql);
    } catch (RuleException e) {
      assertThat(e.errors()).isNotEmpty().allSatisfy(RobustnessPropertyTest::hasPosition);
      return;
    }
    for (CompiledRule rule : script.rules()) {
      RuleInstance instance;
      try {
        instance = rule.newInstance();
      } catch (UnsupportedOperationException notYet) {
        continue;
      }
      int n = rule.source().columns().size();
      Object[] odd = new Object[n];
      Object[] samples = {"k1", 0, 0L, -0.0, "", true, new java.math.BigDecimal("-1.50"), List.of(), java.util.Map.of()};
      for (int i = 0; i < n && i < samples.length; i++) {
        odd[i] = samples[i];
      }
      for (Object[] values : List.of(new Object[n], odd)) {
        try {
          instance.process(new InputRecord(null, Row.of(values), 0L, 0L), out -> { });
        } catch (RuleEvaluationException expected) {
          // a record the rule cannot evaluate (e.g. division by zero) is reported, not a crash
        }
      }
    }
  }

  private static void hasPosition(RuleError error) {
    assertThat(error.line()).isPositive();
    assertThat(error.column()).isPositive();
    assertThat(error.message()).isNotBlank();
  }
}
