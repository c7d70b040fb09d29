package io.strom.rules.runtime.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateFunctionsTest {

  /** Adds values at timestamps 0, 1000, 2000, ... with sequences 0, 1, 2, ... */
  private static Object run(AggregateFunction function, Object... values) {
    return accumulate(function, 0, values).result();
  }

  private static Accumulator accumulate(AggregateFunction function, int firstIndex, Object... values) {
    Accumulator acc = function.newAccumulator();
    for (int i = 0; i < values.length; i++) {
      acc.add(values[i], (firstIndex + i) * 1000L, firstIndex + i);
    }
    return acc;
  }

  /** Splits the values in two "sessions", merges them, and checks against one accumulator; returns the result. */
  private static Object mergedMatchesSequential(AggregateFunction function, int split, Object... values) {
    Accumulator earlier = accumulate(function, 0, Arrays.copyOfRange(values, 0, split));
    Accumulator later = accumulate(function, split, Arrays.copyOfRange(values, split, values.length));
    earlier.merge(later);
    Object sequential = run(function, values);
    if (sequential instanceof Double d) {
      assertThat((Double) earlier.result()).isCloseTo(d, within(1e-9));
    } else {
      assertThat(earlier.result()).isEqualTo(sequential);
    }
    return sequential;
  }

  private static Object roundTrip(AggregateFunction function, Object... values) {
    Accumulator original = accumulate(function, 0, values);
    StateWriter out = new StateWriter();
    original.write(out);
    Accumulator restored = function.newAccumulator();
    StateReader in = new StateReader(out.toByteArray());
    restored.read(in);
    assertThat(in.atEnd()).isTrue();
    assertThat(restored.result()).isEqualTo(original.result());
    // and it keeps working the same after restore
    original.add(values.length == 0 ? null : values[0], 99_000, 99);
    restored.add(values.length == 0 ? null : values[0], 99_000, 99);
    assertThat(restored.result()).isEqualTo(original.result());
    return restored.result();
  }

  @Test
  void countStarCountsNullsAndCountColumnSkipsThem() {
    assertThat(run(AggregateFunctions.countAll(), 1, null, 3)).isEqualTo(3L);
    assertThat(run(AggregateFunctions.count(ValueKind.INT), 1, null, 3)).isEqualTo(2L);
    assertThat(run(AggregateFunctions.count(ValueKind.INT))).isEqualTo(0L);
    mergedMatchesSequential(AggregateFunctions.countAll(), 1, 1, null, 3);
  }

  @Test
  void sumKeepsTheArgumentTypeAndSkipsNulls() {
    assertThat(run(AggregateFunctions.sum(ValueKind.INT), 1, null, 2)).isEqualTo(3);
    assertThat(run(AggregateFunctions.sum(ValueKind.BIGINT), 1L, null, 2L)).isEqualTo(3L);
    assertThat(run(AggregateFunctions.sum(ValueKind.DOUBLE), 1.5, null, 2.25)).isEqualTo(3.75);
    assertThat(run(AggregateFunctions.sum(ValueKind.DECIMAL), new BigDecimal("1.10"), null, new BigDecimal("2.05")))
        .isEqualTo(new BigDecimal("3.15"));
    assertThat(run(AggregateFunctions.sum(ValueKind.INT), (Object) null)).isEqualTo(0);
    assertThat(AggregateFunctions.sum(ValueKind.INT).resultKind()).isEqualTo(ValueKind.INT);
    mergedMatchesSequential(AggregateFunctions.sum(ValueKind.BIGINT), 1, 5L, 6L, 7L);
    assertThatThrownBy(() -> AggregateFunctions.sum(ValueKind.STRING)).hasMessageContaining("SUM");
  }

  @Test
  void averageIsDoubleAndSkipsNulls() {
    assertThat(run(AggregateFunctions.avg(ValueKind.INT), 1, null, 2)).isEqualTo(1.5);
    assertThat(run(AggregateFunctions.avg(ValueKind.INT), (Object) null)).isEqualTo(0.0);
    mergedMatchesSequential(AggregateFunctions.avg(ValueKind.DOUBLE), 2, 1.0, 2.0, 6.0);
  }

  @Test
  void minAndMaxCompareAnyComparableKind() {
    assertThat(run(AggregateFunctions.min(ValueKind.INT), 3, null, 1, 2)).isEqualTo(1);
    assertThat(run(AggregateFunctions.max(ValueKind.STRING), "b", "c", null, "a")).isEqualTo("c");
    assertThat(run(AggregateFunctions.max(ValueKind.INT), (Object) null)).isNull();
    mergedMatchesSequential(AggregateFunctions.max(ValueKind.BIGINT), 1, 9L, 3L, 10L);
  }

  @Test
  void countDistinctSkipsNulls() {
    assertThat(run(AggregateFunctions.countDistinct(ValueKind.STRING), "a", "b", "a", null)).isEqualTo(2L);
    mergedMatchesSequential(AggregateFunctions.countDistinct(ValueKind.INT), 2, 1, 2, 2, 3);
  }

  @Test
  void topKIsDescendingWithDuplicates() {
    assertThat(run(AggregateFunctions.topK(ValueKind.INT, 3), 5, 1, 9, 5, null, 7)).isEqualTo(List.of(9, 7, 5));
    assertThat(run(AggregateFunctions.topK(ValueKind.INT, 3), 5, 5, 5, 5)).isEqualTo(List.of(5, 5, 5));
    assertThat(run(AggregateFunctions.topK(ValueKind.DOUBLE, 2), 0.0)).isEqualTo(List.of(0.0));
    mergedMatchesSequential(AggregateFunctions.topK(ValueKind.INT, 2), 2, 1, 8, 3, 8);
  }

  @Test
  void byOffsetFunctions() {
    AggregateFunction latest = AggregateFunctions.latestByOffset(ValueKind.INT, true);
    AggregateFunction latestWithNulls = AggregateFunctions.latestByOffset(ValueKind.INT, false);
    AggregateFunction earliest = AggregateFunctions.earliestByOffset(ValueKind.INT, true);
    assertThat(run(latest, 1, 2, null)).isEqualTo(2);
    assertThat(run(latestWithNulls, 1, 2, null)).isNull();
    assertThat(run(earliest, null, 1, 2)).isEqualTo(1);
    assertThat(run(AggregateFunctions.earliestByOffset(ValueKind.INT, false), null, 1, 2)).isNull();
    assertThat(run(AggregateFunctions.latestByOffset(ValueKind.INT, 2, true), 1, 2, null, 3)).isEqualTo(List.of(2, 3));
    assertThat(run(AggregateFunctions.latestByOffset(ValueKind.INT, 2, false), 1, 2, 3, null))
        .isEqualTo(Arrays.asList(3, null));
    assertThat(run(AggregateFunctions.earliestByOffset(ValueKind.INT, 3, true), 1, null, 2, 3, 4))
        .isEqualTo(List.of(1, 2, 3));
    assertThat(run(AggregateFunctions.latestByOffset(ValueKind.INT, 2, true))).isEqualTo(List.of());
    mergedMatchesSequential(AggregateFunctions.latestByOffset(ValueKind.INT, 2, false), 2, 1, 2, 3, null);
    mergedMatchesSequential(AggregateFunctions.earliestByOffset(ValueKind.INT, 2, true), 1, null, 2, 3);
  }

  @Test
  void byOffsetMergeKeepsTheLatestOffsetNotTheLaterSession() {
    AggregateFunction latest = AggregateFunctions.latestByOffset(ValueKind.INT, true);
    Accumulator earlierSession = latest.newAccumulator();
    Accumulator laterSession = latest.newAccumulator();
    laterSession.add(1, 5000, 0);   // arrived first, later in event time
    earlierSession.add(2, 0, 1);    // arrived last
    earlierSession.merge(laterSession);
    assertThat(earlierSession.result()).isEqualTo(2);
  }

  @Test
  void sampleStandardDeviation() {
    Object result = mergedMatchesSequential(AggregateFunctions.stddevSamp(ValueKind.INT), 3, 2, 4, 4, 4, 5, 5, 7, 9);
    assertThat((Double) result).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
    assertThat(run(AggregateFunctions.stddevSamp(ValueKind.INT), 5)).isEqualTo(0.0);
  }

  @Test
  void slopeIsValuePerSecondOfEventTime() {
    // values 1, 3, 5, 7 at 0 s, 1 s, 2 s, 3 s
    Object slope = mergedMatchesSequential(AggregateFunctions.slope(ValueKind.INT), 2, 1, 3, 5, 7);
    assertThat((Double) slope).isCloseTo(2.0, within(1e-12));
    assertThat(run(AggregateFunctions.slope(ValueKind.INT), 1)).isNull();
  }

  @Test
  void timeToThresholdForecastsFromTheTrend() {
    AggregateFunction forecast = AggregateFunctions.timeToThreshold(ValueKind.DOUBLE, 20.0);
    // value = t in seconds, 0..10 s; reaches 20 at 20 s, 10 s after the latest reading
    Object[] values = new Object[11];
    for (int i = 0; i <= 10; i++) {
      values[i] = (double) i;
    }
    assertThat(run(forecast, values)).isEqualTo(10_000L);
    mergedMatchesSequential(forecast, 4, values);
    assertThat(run(AggregateFunctions.timeToThreshold(ValueKind.DOUBLE, -5.0), values)).isNull(); // heading away
    assertThat(run(forecast, 3.0, 3.0, 3.0)).isNull(); // flat
  }

  @Test
  void ewmaInArrivalOrderMergesExactly() {
    AggregateFunction ewma = AggregateFunctions.ewma(ValueKind.INT, 0.5);
    assertThat(run(ewma, 1)).isEqualTo(1.0);
    assertThat(run(ewma, 1, 2, 3)).isEqualTo(2.25);
    mergedMatchesSequential(ewma, 1, 1, 2, 3);
    mergedMatchesSequential(AggregateFunctions.ewma(ValueKind.DOUBLE, 0.3), 3, 4.0, 1.5, 9.0, null, 2.0, 7.0);
    assertThat(run(ewma)).isNull();
    assertThatThrownBy(() -> AggregateFunctions.ewma(ValueKind.INT, 0)).hasMessageContaining("alpha");
  }

  @Test
  void zScoreOfTheLatestValue() {
    Object z = mergedMatchesSequential(AggregateFunctions.zScore(ValueKind.INT), 2, 1, 2, 3, 4, 10);
    assertThat((Double) z).isCloseTo(6 / Math.sqrt(12.5), within(1e-12));
    assertThat(run(AggregateFunctions.zScore(ValueKind.INT), 3, 3)).isNull();
  }

  @Test
  void createResolvesByNameAndParameters() {
    assertThat(AggregateFunctions.create("count", null, List.of()).describe()).isEqualTo("COUNT(*)");
    assertThat(AggregateFunctions.create("COUNT", ValueKind.STRING, List.of()).describe()).isEqualTo("COUNT(STRING)");
    assertThat(AggregateFunctions.create("latest_by_offset", ValueKind.INT, List.of(false)).describe())
        .isEqualTo("LATEST_BY_OFFSET(INT,false)");
    assertThat(AggregateFunctions.create("LATEST_BY_OFFSET", ValueKind.INT, List.of(2, false)).resultKind())
        .isEqualTo(ValueKind.ARRAY);
    assertThat(AggregateFunctions.create("TOPK", ValueKind.INT, List.of(3)).describe()).isEqualTo("TOPK(INT,3)");
    assertThat(AggregateFunctions.create("EWMA", ValueKind.DOUBLE, List.of(0.25)).describe()).isEqualTo("EWMA(DOUBLE,0.25)");
    assertThatThrownBy(() -> AggregateFunctions.create("MEDIAN", ValueKind.INT, List.of()))
        .hasMessageContaining("unknown aggregate function MEDIAN");
    assertThatThrownBy(() -> AggregateFunctions.create("TOPK", ValueKind.INT, List.of()))
        .hasMessageContaining("TOPK needs an integer constant k");
    assertThatThrownBy(() -> AggregateFunctions.create("SUM", ValueKind.INT, List.of(1)))
        .hasMessageContaining("SUM takes one argument");
    assertThatThrownBy(() -> AggregateFunctions.create("AVG", ValueKind.STRING, List.of()))
        .hasMessageContaining("numeric");
  }

  @Test
  void everyAccumulatorSurvivesASnapshot() {
    roundTrip(AggregateFunctions.countAll(), 1, 2);
    roundTrip(AggregateFunctions.count(ValueKind.INT), 1, null);
    roundTrip(AggregateFunctions.sum(ValueKind.INT), 1, 2);
    roundTrip(AggregateFunctions.sum(ValueKind.BIGINT), 1L, 2L);
    roundTrip(AggregateFunctions.sum(ValueKind.DOUBLE), 0.1, 0.2);
    roundTrip(AggregateFunctions.sum(ValueKind.DECIMAL), new BigDecimal("0.1"), new BigDecimal("2"));
    roundTrip(AggregateFunctions.avg(ValueKind.DOUBLE), 0.1, 0.7);
    roundTrip(AggregateFunctions.min(ValueKind.STRING), "x", "a");
    roundTrip(AggregateFunctions.max(ValueKind.STRING));
    roundTrip(AggregateFunctions.countDistinct(ValueKind.STRING), "x", "a", "x");
    roundTrip(AggregateFunctions.topK(ValueKind.INT, 2), 4, 8, 1);
    roundTrip(AggregateFunctions.latestByOffset(ValueKind.INT, 3, false), 4, null, 1, 7);
    roundTrip(AggregateFunctions.earliestByOffset(ValueKind.INT, true), 4, 1);
    roundTrip(AggregateFunctions.stddevSamp(ValueKind.DOUBLE), 0.3, 0.9, 1.7);
    roundTrip(AggregateFunctions.slope(ValueKind.DOUBLE), 0.3, 0.9, 1.7);
    roundTrip(AggregateFunctions.timeToThreshold(ValueKind.DOUBLE, 10), 0.3, 0.9, 1.7);
    roundTrip(AggregateFunctions.ewma(ValueKind.DOUBLE, 0.2), 0.3, 0.9, 1.7);
    roundTrip(AggregateFunctions.zScore(ValueKind.DOUBLE), 0.3, 0.9, 1.7);
  }
}
