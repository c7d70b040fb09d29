package io.strom.rules.runtime.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.aggregate.AggregateFunctions;
import io.strom.rules.runtime.aggregate.ValueKind;
import io.strom.rules.runtime.state.SnapshotFormatException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Restore must reproduce results exactly: for random rules and streams (seeded), snapshot after
 * every prefix, restore into a fresh instance, continue, and compare every output with an
 * uninterrupted run.
 */
class SnapshotRestorePropertyTest {

  private static final long SEED = 20261125L;
  private static final int STREAMS = 600;

  /** One function with the kind of argument it takes (null = COUNT(*)). */
  private record Fn(AggregateFunction function, ValueKind arg) {}

  private static final List<Fn> FUNCTIONS = List.of(
      new Fn(AggregateFunctions.countAll(), null),
      new Fn(AggregateFunctions.count(ValueKind.INT), ValueKind.INT),
      new Fn(AggregateFunctions.sum(ValueKind.INT), ValueKind.INT),
      new Fn(AggregateFunctions.sum(ValueKind.BIGINT), ValueKind.BIGINT),
      new Fn(AggregateFunctions.sum(ValueKind.DOUBLE), ValueKind.DOUBLE),
      new Fn(AggregateFunctions.sum(ValueKind.DECIMAL), ValueKind.DECIMAL),
      new Fn(AggregateFunctions.avg(ValueKind.DOUBLE), ValueKind.DOUBLE),
      new Fn(AggregateFunctions.min(ValueKind.INT), ValueKind.INT),
      new Fn(AggregateFunctions.max(ValueKind.STRING), ValueKind.STRING),
      new Fn(AggregateFunctions.countDistinct(ValueKind.STRING), ValueKind.STRING),
      new Fn(AggregateFunctions.topK(ValueKind.INT, 3), ValueKind.INT),
      new Fn(AggregateFunctions.latestByOffset(ValueKind.INT, 2, false), ValueKind.INT),
      new Fn(AggregateFunctions.latestByOffset(ValueKind.INT, true), ValueKind.INT),
      new Fn(AggregateFunctions.earliestByOffset(ValueKind.STRING, true), ValueKind.STRING),
      new Fn(AggregateFunctions.stddevSamp(ValueKind.DOUBLE), ValueKind.DOUBLE),
      new Fn(AggregateFunctions.slope(ValueKind.DOUBLE), ValueKind.DOUBLE),
      new Fn(AggregateFunctions.ewma(ValueKind.DOUBLE, 0.3), ValueKind.DOUBLE),
      new Fn(AggregateFunctions.zScore(ValueKind.DOUBLE), ValueKind.DOUBLE),
      new Fn(AggregateFunctions.timeToThreshold(ValueKind.DOUBLE, 50), ValueKind.DOUBLE));

  private static final List<Object> KEYS = List.of("a", "b", "c", 7L, List.of("x", 1));

  /** A record (key != null) or a wall-clock tick (key == null). */
  private record Event(Object key, long time, Object[] args) {}

  private record Case(WindowPolicy spec, List<AggregateFunction> functions, List<Event> events) {}

  @Test
  void restoringAtEveryCutPointContinuesExactlyLikeAnUninterruptedRun() {
    Random random = new Random(SEED);
    int restores = 0;
    for (int n = 0; n < STREAMS; n++) {
      Case c = randomCase(random);
      List<String> expected = run(c, -1);
      for (int cut = 0; cut <= c.events.size(); cut++) {
        if (cut > 0 && c.events.get(cut - 1).key == null && c.spec.idleTimeoutMillis() > 0) {
          // The idle clock is not state: after a restore idleness is measured afresh, as an
          // uninterrupted run does only right after a record. A cut after a tick differs by design.
          continue;
        }
        assertThat(run(c, cut)).as("stream %d (seed %d), %s, cut at %d", n, SEED, c.spec, cut)
            .isEqualTo(expected);
        restores++;
      }
    }
    assertThat(restores).isGreaterThan(5_000);
  }

  @Test
  void refusesTheStateOfAnotherRuleOrVersion() {
    AggregationState tumbling = new AggregationState(WindowPolicy.tumbling(10), List.of(AggregateFunctions.countAll()));
    tumbling.process("k", 5, new Object[1], new Recorder());
    byte[] bytes = tumbling.snapshot();
    AggregationState hopping = new AggregationState(WindowPolicy.hopping(10, 5), List.of(AggregateFunctions.countAll()));
    assertThatThrownBy(() -> hopping.restore(bytes)).isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("another aggregation");
    AggregationState sum = new AggregationState(WindowPolicy.tumbling(10), List.of(AggregateFunctions.sum(ValueKind.INT)));
    assertThatThrownBy(() -> sum.restore(bytes)).isInstanceOf(SnapshotFormatException.class);
    byte[] otherVersion = bytes.clone();
    otherVersion[0] = 9;
    assertThatThrownBy(() -> tumbling.restore(otherVersion)).hasMessageContaining("version 9");
    assertThatThrownBy(() -> tumbling.restore(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SnapshotFormatException.class);
    assertThat(tumbling.openWindows()).isZero(); // a failed restore leaves the state empty
    tumbling.restore(bytes);
    assertThat(tumbling.openWindows()).isEqualTo(1);
  }

  /** Runs the case; with {@code cut >= 0} snapshots after that many events and continues on a restored copy. */
  private static List<String> run(Case c, int cut) {
    List<String> lines = new ArrayList<>();
    AggregationListener listener = new AggregationListener() {
      @Override
      public void onUpdate(AggregateUpdate u) {
        lines.add(Recorder.line(u) + " old=" + Arrays.deepToString(u.oldResults()));
      }

      @Override
      public void onLate(LateEvent late) {
        lines.add("late " + late);
      }
    };
    AggregationState state = new AggregationState(c.spec, c.functions);
    for (int i = 0; i < c.events.size(); i++) {
      if (i == cut) {
        byte[] bytes = state.snapshot();
        state = new AggregationState(c.spec, c.functions);
        state.restore(bytes);
      }
      Event e = c.events.get(i);
      if (e.key == null) {
        state.advanceTime(e.time, listener);
      } else {
        state.process(e.key, e.time, e.args, listener);
      }
    }
    lines.add("lateCount=" + state.lateCount() + " open=" + state.openWindows() + " streamTime=" + state.streamTime());
    return lines;
  }

  private static Case randomCase(Random random) {
    long size = 1 + random.nextInt(50);
    WindowPolicy spec;
    switch (random.nextInt(4)) {
      case 0:
        spec = WindowPolicy.tumbling(size);
        break;
      case 1:
        spec = WindowPolicy.hopping(size, 1 + random.nextInt((int) size));
        break;
      case 2:
        spec = WindowPolicy.session(size);
        break;
      default:
        spec = WindowPolicy.unwindowed();
    }
    if (spec.type() != WindowPolicy.Type.NONE) {
      if (random.nextBoolean()) {
        spec = spec.withGrace(random.nextInt(40));
      }
      if (random.nextBoolean()) {
        spec = spec.withEmit(EmitMode.FINAL).withIdleTimeout(random.nextInt(3) * 20L);
      }
    }
    int functionCount = 1 + random.nextInt(4);
    List<Fn> fns = new ArrayList<>();
    for (int i = 0; i < functionCount; i++) {
      fns.add(FUNCTIONS.get(random.nextInt(FUNCTIONS.size())));
    }
    List<Event> events = new ArrayList<>();
    int length = random.nextInt(30);
    long time = random.nextInt(100);
    long wall = 1_000;
    for (int i = 0; i < length; i++) {
      if (random.nextInt(8) == 0) {
        wall += random.nextInt(60);
        events.add(new Event(null, wall, null));
        continue;
      }
      time += random.nextInt(25) - 5; // mostly forward, sometimes out of order
      long ts = Math.max(0, time - (random.nextInt(5) == 0 ? random.nextInt(80) : 0));
      Object[] args = new Object[fns.size()];
      for (int j = 0; j < args.length; j++) {
        args[j] = randomValue(random, fns.get(j).arg);
      }
      events.add(new Event(KEYS.get(random.nextInt(KEYS.size())), ts, args));
    }
    return new Case(spec, fns.stream().map(Fn::function).toList(), events);
  }

  private static Object randomValue(Random random, ValueKind kind) {
    if (kind == null || random.nextInt(6) == 0) {
      return null;
    }
    switch (kind) {
      case INT:
        return random.nextInt(30) - 5;
      case BIGINT:
        return random.nextLong() >> 8;
      case DOUBLE:
        return random.nextGaussian() * 10 + 20;
      case DECIMAL:
        return BigDecimal.valueOf(random.nextInt(100_000) - 50_000, 2);
      default:
        return String.valueOf((char) ('a' + random.nextInt(5)));
    }
  }
}
