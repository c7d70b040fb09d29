package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Random short letter streams and random patterns: the NFA's matches equal those of a
 * backtracking matcher written here from SQL's definition (at each starting row the first match
 * in preference order; the next start from the skip strategy), and a snapshot/restore at any
 * point between records changes nothing.
 *
 * <p>A, B and C take the letters a, b and c; C also takes any row once the match has two A rows
 * (a condition on earlier rows). Row i has n = 2^i, so SUM(X.n) is the set of rows X took.
 */
class PatternPropertyTest {

  private static final String[] SKIPS = {"PAST LAST ROW", "TO NEXT ROW", "TO FIRST", "TO LAST"};

  // ---------------------------------------------------------------- the reference matcher

  /** A pattern term as the reference matcher walks it. */
  private sealed interface Term {}

  private record Var(char name) implements Term {}

  private record Seq(List<Term> terms) implements Term {}

  private record Alt(List<Term> alternatives) implements Term {}

  private record Rep(Term term, int min, int max, boolean reluctant) implements Term {}

  /** Tries to match {@code t} at row {@code i} with labels so far; calls {@code k} with the next row; true on the first success. */
  private static boolean match(Term t, int i, String letters, StringBuilder labels, IntPredicate k) {
    if (t instanceof Var v) {
      if (i >= letters.length() || !takes(v.name(), letters.charAt(i), labels)) {
        return false;
      }
      labels.append(v.name());
      if (k.test(i + 1)) {
        return true;
      }
      labels.setLength(labels.length() - 1);
      return false;
    }
    if (t instanceof Seq s) {
      return sequence(s.terms(), 0, i, letters, labels, k);
    }
    if (t instanceof Alt a) {
      for (Term alternative : a.alternatives()) {
        if (match(alternative, i, letters, labels, k)) {
          return true;
        }
      }
      return false;
    }
    return repeat((Rep) t, 0, i, letters, labels, k);
  }

  private static boolean sequence(List<Term> terms, int from, int i, String letters, StringBuilder labels, IntPredicate k) {
    if (from == terms.size()) {
      return k.test(i);
    }
    return match(terms.get(from), i, letters, labels, j -> sequence(terms, from + 1, j, letters, labels, k));
  }

  private static boolean repeat(Rep r, int count, int i, String letters, StringBuilder labels, IntPredicate k) {
    boolean canStop = count >= r.min();
    boolean canMore = r.max() < 0 || count < r.max();
    IntPredicate more = j -> repeat(r, count + 1, j, letters, labels, k);
    if (r.reluctant()) {
      return canStop && k.test(i) || canMore && match(r.term(), i, letters, labels, more);
    }
    return canMore && match(r.term(), i, letters, labels, more) || canStop && k.test(i);
  }

  private static boolean takes(char variable, char letter, CharSequence labels) {
    if (variable == 'C') {
      return letter == 'c' || labels.chars().filter(c -> c == 'A').count() >= 2;
    }
    return letter == Character.toLowerCase(variable);
  }

  /** All matches of the stream by SQL's definition, rendered as the rule renders them. */
  private static List<String> reference(Term pattern, String letters, String skip, char skipVariable) {
    List<String> matches = new ArrayList<>();
    int start = 0;
    while (start < letters.length()) {
      StringBuilder labels = new StringBuilder();
      int[] end = {-1};
      int from = start;
      boolean found = match(pattern, start, letters, labels, j -> {
        end[0] = j;
        return true;
      });
      if (!found) {
        start++;
        continue;
      }
      String taken = labels.toString();
      matches.add(render(from, taken));
      int next = switch (skip) {
        case "PAST LAST ROW" -> end[0];
        case "TO NEXT ROW" -> from + 1;
        case "TO FIRST" -> taken.indexOf(skipVariable) < 0 ? from + 1 : from + taken.indexOf(skipVariable);
        default -> taken.lastIndexOf(skipVariable) < 0 ? from + 1 : from + taken.lastIndexOf(skipVariable);
      };
      start = Math.max(next, from + 1);
    }
    return matches;
  }

  private static String render(int start, String labels) {
    int[] sums = new int[3];
    for (int i = 0; i < labels.length(); i++) {
      sums[labels.charAt(i) - 'A'] += 1 << (start + i);
    }
    return start + ".." + (start + labels.length() - 1) + " A" + sums[0] + " B" + sums[1] + " C" + sums[2];
  }

  // ---------------------------------------------------------------- random cases

  private static Term randomTerm(Random random, int depth) {
    int choice = depth == 0 ? 0 : random.nextInt(4);
    return switch (choice) {
      case 0 -> new Var("ABC".charAt(random.nextInt(3)));
      case 1 -> new Seq(List.of(randomTerm(random, depth - 1), randomTerm(random, depth - 1)));
      case 2 -> new Alt(List.of(randomTerm(random, depth - 1), randomTerm(random, depth - 1)));
      default -> {
        int min = random.nextInt(3);
        int max = random.nextInt(3) == 0 ? -1 : min + random.nextInt(3);
        yield new Rep(randomTerm(random, depth - 1), min, max == 0 ? 1 : max, random.nextBoolean());
      }
    };
  }

  private static String sql(Term t) {
    if (t instanceof Var v) {
      return String.valueOf(v.name());
    }
    if (t instanceof Seq s) {
      return "(" + String.join(" ", s.terms().stream().map(PatternPropertyTest::sql).toList()) + ")";
    }
    if (t instanceof Alt a) {
      return "(" + String.join(" | ", a.alternatives().stream().map(PatternPropertyTest::sql).toList()) + ")";
    }
    Rep r = (Rep) t;
    String q = r.min() == 0 && r.max() < 0 ? "*" : r.min() == 1 && r.max() < 0 ? "+" : r.min() == 0 && r.max() == 1 ? "?"
        : "{" + r.min() + (r.max() == r.min() ? "" : "," + (r.max() < 0 ? "" : r.max())) + "}";
    return "(" + sql(r.term()) + ")" + q + (r.reluctant() ? "?" : "");
  }

  private static CompiledRule compile(String pattern, String skip) {
    return RuleScript.compile("CREATE STREAM ev (u STRING KEY, v STRING, n INT) WITH (KAFKA_TOPIC='ev');\n"
        + "CREATE STREAM m AS SELECT * FROM ev MATCH_RECOGNIZE (PARTITION BY u ORDER BY ROWTIME"
        + " MEASURES FIRST(ROWTIME) AS s, LAST(ROWTIME) AS e, SUM(A.n) AS a, SUM(B.n) AS b, SUM(C.n) AS c"
        + " AFTER MATCH SKIP " + skip + " PATTERN (" + pattern + " | (A B C C C C C C C C C C C C)) WITHIN 1 HOUR"
        + " DEFINE A AS A.v = 'a', B AS B.v = 'b', C AS C.v = 'c' OR COUNT(A.*) >= 2);").rule();
  }

  /** Feeds the stream (user "u" at times 0, 1, ...) and a row of another user an hour later, which ends every match. */
  private static List<InputRecord> records(String letters) {
    List<InputRecord> records = new ArrayList<>();
    for (int i = 0; i < letters.length(); i++) {
      records.add(InputRecord.of(Row.of("u", String.valueOf(letters.charAt(i)), 1 << i), i));
    }
    records.add(InputRecord.of(Row.of("flush", "z", 0), 3_600_000L + letters.length()));
    return records;
  }

  private static List<String> run(CompiledRule rule, List<InputRecord> records, int cut) {
    List<String> out = new ArrayList<>();
    RuleInstance instance = rule.newInstance();
    for (int i = 0; i < records.size(); i++) {
      if (i == cut) {
        RuleInstance restored = rule.newInstance();
        restored.restore(instance.snapshot());
        instance = restored;
      }
      instance.process(records.get(i), r -> out.add(r.values()[1] + ".." + r.values()[2] + " A" + zero(r.values()[3])
          + " B" + zero(r.values()[4]) + " C" + zero(r.values()[5])));
    }
    return out;
  }

  private static Object zero(Object sum) {
    return sum == null ? 0 : sum;
  }

  @Test
  void the_nfa_finds_what_a_backtracking_matcher_finds_and_snapshots_change_nothing() {
    Random random = new Random(17);
    int compared = 0;
    int matches = 0;
    while (compared < 400) {
      Term term = randomTerm(random, 3);
      String skip = SKIPS[random.nextInt(SKIPS.length)];
      String pattern = sql(term);
      char skipVariable = pattern.charAt(pattern.replaceAll("[^ABC]", "").isEmpty() ? 0 : firstVariable(pattern, random));
      CompiledRule rule;
      try {
        rule = compile(pattern, skip.startsWith("TO F") || skip.startsWith("TO L") ? skip + " " + skipVariable : skip);
      } catch (RuleException e) {
        continue; // e.g. a quantified term that can match no rows: refused, as the analyzer tests show
      }
      // the reference sees the same alternation the rule has: (pattern | A B C{12}), unreachable in 10 rows
      Term full = new Alt(List.of(term, new Seq(List.of(new Var('A'), new Var('B'), new Rep(new Var('C'), 12, 12, false)))));
      StringBuilder letters = new StringBuilder();
      int length = random.nextInt(11);
      for (int i = 0; i < length; i++) {
        letters.append("abc".charAt(random.nextInt(3)));
      }
      List<String> expected = reference(full, letters.toString(), skip, skipVariable);
      List<InputRecord> records = records(letters.toString());
      String context = "pattern " + pattern + " SKIP " + skip + " " + skipVariable + " over " + letters;
      assertThat(run(rule, records, -1)).as(context).isEqualTo(expected);
      for (int cut = 0; cut <= records.size(); cut++) {
        assertThat(run(rule, records, cut)).as(context + ", restored before record " + cut).isEqualTo(expected);
      }
      compared++;
      matches += expected.size();
    }
    assertThat(matches).as("the random cases find matches at all").isGreaterThan(200);
  }

  private static int firstVariable(String pattern, Random random) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      if ("ABC".indexOf(pattern.charAt(i)) >= 0) {
        positions.add(i);
      }
    }
    return positions.get(random.nextInt(positions.size()));
  }
}
