package io.strom.rules.runtime.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.aggregate.AggregateFunctions;
import io.strom.rules.runtime.aggregate.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Window semantics, with ksqlDB conformance cases encoded by hand (ids from
 * ../shared/conformance/public.jsonl) and Strom's own choices (EMIT FINAL jumps, idle close, late events).
 */
class AggregationStateTest {

  private static final AggregateFunction COUNT = AggregateFunctions.countAll();
  private static final AggregateFunction MAX = AggregateFunctions.max(ValueKind.BIGINT);

  private final Recorder out = new Recorder();

  private static void feed(AggregationState state, Recorder out, Object key, long ts, Object... args) {
    state.process(key, ts, args.length == 0 ? new Object[1] : args, out); // COUNT(*) alone: one ignored argument
  }

  private static AggregationState of(WindowPolicy spec, AggregateFunction... functions) {
    return new AggregationState(spec, List.of(functions));
  }

  /** The shared input of the "out of order" cases of tumbling-windows.json and hopping-windows.json. */
  private void outOfOrderInput(AggregationState state) {
    feed(state, out, 0L, 0, 0L);
    feed(state, out, 0L, 89999, 1L);
    feed(state, out, 0L, 10009, 5L);
    feed(state, out, 0L, 90000, 0L);
    feed(state, out, 0L, 10010, 6L);
    feed(state, out, 1L, 10009, 100L);
    feed(state, out, 1L, 30000, 101L);
    feed(state, out, 1L, 86412022, 200L);
    feed(state, out, 1L, 60000, 200L);
  }

  @Test
  void tumblingOutOfOrderWithDefaultGrace() { // tumbling-windows.json#out of order - no grace period
    AggregationState state = of(WindowPolicy.tumbling(30_000), MAX);
    outOfOrderInput(state);
    assertThat(out.take()).containsExactly(
        "0 [0,30000) [0] @0",
        "0 [60000,90000) [1] @89999",
        "0 [0,30000) [5] @10009",
        "0 [90000,120000) [0] @90000",
        "0 [0,30000) [6] @10010",
        "1 [0,30000) [100] @10009",
        "1 [30000,60000) [101] @30000",
        "1 [86400000,86430000) [200] @86412022",
        "1 [60000,90000) [200] @60000");
    assertThat(state.lateCount()).isZero();
  }

  @Test
  void tumblingOutOfOrderWithExplicitGraceHandsOutLateRecords() { // ... - explicit grace period
    AggregationState state = of(WindowPolicy.tumbling(30_000).withGrace(60_000), MAX);
    outOfOrderInput(state);
    assertThat(out.take()).containsExactly(
        "0 [0,30000) [0] @0",
        "0 [60000,90000) [1] @89999",
        "0 [0,30000) [5] @10009",
        "0 [90000,120000) [0] @90000",
        "1 [30000,60000) [101] @30000",
        "1 [86400000,86430000) [200] @86412022");
    assertThat(state.lateCount()).isEqualTo(3);
    LateEvent first = out.late.get(0);
    assertThat(first.key()).isEqualTo(0L);
    assertThat(first.timestamp()).isEqualTo(10010);
    assertThat(first.windowStart()).isZero();
    assertThat(first.windowEnd()).isEqualTo(30_000);
    assertThat(first.closeTime()).isEqualTo(90_000);
    assertThat(first.lateByMillis()).isZero(); // stream time 90000 is exactly the close
    LateEvent last = out.late.get(2);
    assertThat(last.windowStart()).isEqualTo(60_000);
    assertThat(last.lateByMillis()).isEqualTo(86412022L - 150_000);
  }

  @Test
  void hoppingUpdatesWindowsInAscendingStartOrderFromZero() { // hopping-windows.json#out of order - no grace period
    AggregationState state = of(WindowPolicy.hopping(30_000, 15_000), MAX);
    outOfOrderInput(state);
    assertThat(out.take()).containsExactly(
        "0 [0,30000) [0] @0",
        "0 [60000,90000) [1] @89999",
        "0 [75000,105000) [1] @89999",
        "0 [0,30000) [5] @10009",
        "0 [75000,105000) [1] @90000",
        "0 [90000,120000) [0] @90000",
        "0 [0,30000) [6] @10010",
        "1 [0,30000) [100] @10009",
        "1 [15000,45000) [101] @30000",
        "1 [30000,60000) [101] @30000",
        "1 [86385000,86415000) [200] @86412022",
        "1 [86400000,86430000) [200] @86412022",
        "1 [45000,75000) [200] @60000",
        "1 [60000,90000) [200] @60000");
  }

  @Test
  void hoppingRecordCanBeLateForSomeWindowsOnly() {
    AggregationState state = of(WindowPolicy.hopping(10, 5).withGrace(0), COUNT);
    feed(state, out, "k", 20);
    out.take();
    feed(state, out, "k", 16); // windows [10,20) closed at 20, [15,25) open
    assertThat(out.take()).containsExactly("k [15,25) [2] @20");
    assertThat(out.late).hasSize(1);
    assertThat(out.late.get(0).windowStart()).isEqualTo(10);
  }

  @Test
  void reportsOldAndNewResultsForHaving() {
    AggregationState state = of(WindowPolicy.tumbling(1000), COUNT);
    feed(state, out, "a", 10);
    feed(state, out, "a", 20);
    assertThat(out.raw.get(0).oldResults()).isNull();
    assertThat(out.raw.get(0).newResults()).containsExactly(1L);
    assertThat(out.raw.get(1).oldResults()).containsExactly(1L);
    assertThat(out.raw.get(1).newResults()).containsExactly(2L);
    assertThat(out.raw.get(1).isRemoval()).isFalse();
  }

  @Test
  void resultAccessorsReadPrimitiveAndObjectAggregatesBeforeAndAfterTheChange() {
    AggregationState state = of(WindowPolicy.session(100), COUNT, AggregateFunctions.topK(ValueKind.INT, 2),
        AggregateFunctions.sum(ValueKind.INT));
    List<String> seen = new java.util.ArrayList<>();
    AggregationListener listener = new AggregationListener() {
      @Override
      public void onUpdate(AggregateUpdate u) {
        String old = u.isNew() ? "new" : u.oldResult(0) + " " + u.oldResult(1) + " " + u.oldResult(2);
        String now = u.isRemoval() ? "removed" : u.newResult(0) + " " + u.newResult(1) + " " + u.newResult(2);
        seen.add(old + " -> " + now);
        if (u.isNew()) {
          assertThatThrownBy(() -> u.oldResult(0)).isInstanceOf(IllegalStateException.class);
          assertThat(u.oldResults()).isNull();
        }
        if (u.isRemoval()) {
          assertThatThrownBy(() -> u.newResult(0)).isInstanceOf(IllegalStateException.class);
          assertThat(u.newResults()).isNull();
        }
      }

      @Override
      public void onLate(LateEvent late) {}
    };
    state.process("k", 10, new Object[] {null, 5, 5}, listener);
    state.process("k", 10, new Object[] {null, 7, 7}, listener);
    state.process("k", 50, new Object[] {null, 6, 6}, listener);
    assertThat(seen).containsExactly(
        "new -> 1 [5] 5",
        "1 [5] 5 -> 2 [7, 5] 12",
        "2 [7, 5] 12 -> removed",
        "new -> 3 [7, 6] 18");
  }

  @Test
  void sessionMergeRemovesOldSessionsFirst() { // latest-offset-udaf.json#merging session windows - with nulls not ignored when merging
    AggregationState state = of(WindowPolicy.session(1000), AggregateFunctions.latestByOffset(ValueKind.INT, false));
    feed(state, out, 0L, 0, 1);
    feed(state, out, 0L, 700, (Object) null);
    assertThat(out.take()).containsExactly("0 [0,0] [1] @0", "0 [0,0] null @0", "0 [0,700] [null] @700");
  }

  @Test
  void sessionMergeOfTwoSessionsKeepsLatestOffsets() { // ... - with nulls not ignored - N
    AggregationState state = of(WindowPolicy.session(1000), AggregateFunctions.latestByOffset(ValueKind.INT, 2, false));
    feed(state, out, 0L, 0, 1);
    feed(state, out, 0L, 1500, (Object) null);
    feed(state, out, 0L, 700, 2);
    List<Recorder.Seen> raw = List.copyOf(out.raw);
    assertThat(out.take()).containsExactly(
        "0 [0,0] [[1]] @0",
        "0 [1500,1500] [[null]] @1500",
        "0 [0,0] null @0",
        "0 [1500,1500] null @1500",
        "0 [0,1500] [[null, 2]] @1500");
    assertThat(raw.get(2).oldResults()).containsExactly(List.of(1));
    assertThat(raw.get(4).oldResults()).isNull();
  }

  @Test
  void sessionWithIgnoredNullsKeepsLatestNonNull() { // ... - with nulls ignored when merging
    AggregationState state = of(WindowPolicy.session(1000), AggregateFunctions.latestByOffset(ValueKind.INT, true));
    feed(state, out, 0L, 0, 1);
    feed(state, out, 0L, 700, (Object) null);
    assertThat(out.take()).containsExactly("0 [0,0] [1] @0", "0 [0,0] null @0", "0 [0,700] [1] @700");
  }

  @Test
  void sessionOutOfOrderWithGracePurgesClosedSessions() { // session-windows.json#out of order - explicit grace period
    AggregationState state = of(WindowPolicy.session(30_000).withGrace(60_000), MAX);
    outOfOrderSessionInput(state);
    assertThat(out.take()).containsExactly(
        "0 [0,0] [0] @0",
        "0 [100010,100010] [1] @100010",
        "0 [10010,10010] [6] @10010",
        "1 [10010,10010] [101] @10010",
        "1 [86412022,86412022] [200] @86412022");
    assertThat(state.lateCount()).isEqualTo(3);
    assertThat(out.late.get(0).closeTime()).isEqualTo(10009 + 30_000 + 60_000 + 1);
  }

  private void outOfOrderSessionInput(AggregationState state) {
    feed(state, out, 0L, 0, 0L);
    feed(state, out, 0L, 100010, 1L);
    feed(state, out, 0L, 10009, 5L);
    feed(state, out, 0L, 10010, 6L);
    feed(state, out, 1L, 10009, 100L);
    feed(state, out, 1L, 10010, 101L);
    feed(state, out, 1L, 86412022, 200L);
    feed(state, out, 1L, 60000, 200L);
  }

  @Test
  void recordInsideASessionRemovesAndPutsItAgain() {
    AggregationState state = of(WindowPolicy.session(100), COUNT);
    feed(state, out, "k", 0);
    feed(state, out, "k", 50);
    feed(state, out, "k", 20); // bounds unchanged, but as in Kafka Streams: remove + put
    feed(state, out, "k", 20);
    assertThat(out.take()).containsExactly(
        "k [0,0] [1] @0",
        "k [0,0] null @0",
        "k [0,50] [2] @50",
        "k [0,50] null @50",
        "k [0,50] [3] @50",
        "k [0,50] null @50",
        "k [0,50] [4] @50");
  }

  @Test
  void repeatedTimestampOfOneRecordSessionIsAnUpdate() {
    AggregationState state = of(WindowPolicy.session(100), COUNT);
    feed(state, out, "k", 7);
    feed(state, out, "k", 7);
    assertThat(out.take()).containsExactly("k [7,7] [1] @7", "k [7,7] [2] @7");
    assertThat(out.raw).isEmpty();
  }

  // ------------------------------------------------------------------ EMIT FINAL

  @Test
  void emitFinalAtWindowEndWithZeroGrace() { // suppress.json#should emit at window end if no grace period given
    AggregationState state = of(WindowPolicy.tumbling(2).withEmit(EmitMode.FINAL), COUNT);
    feed(state, out, "k1", 0);
    feed(state, out, "k1", 1);
    assertThat(out.take()).isEmpty();
    feed(state, out, "k1", 2);
    assertThat(out.take()).containsExactly("k1 [0,2) [2] @1");
  }

  @Test
  void emitFinalEmitsWindowsWhoseCloseWasJumpedOver() { // suppress.json#should include out of order events ...
    AggregationState state = of(WindowPolicy.tumbling(2).withGrace(1).withEmit(EmitMode.FINAL), COUNT);
    for (long ts : new long[] {0, 1, 2, 1, 0, 5}) {
      feed(state, out, "k1", ts);
    }
    // ksqlDB loses [0,2): stream time jumps from 2 to 5 past its close at 3. Strom emits it.
    assertThat(out.take()).containsExactly("k1 [0,2) [4] @1", "k1 [2,4) [1] @2");
    assertThat(out.raw).isEmpty();
  }

  @Test
  void emitFinalCountsNonNullValues() { // suppress.json#should handle null values
    AggregationState state = of(WindowPolicy.tumbling(2).withGrace(1).withEmit(EmitMode.FINAL),
        AggregateFunctions.count(ValueKind.STRING));
    feed(state, out, "k1", 0, (Object) null);
    feed(state, out, "k1", 1, "v1");
    feed(state, out, "k1", 1, (Object) null);
    feed(state, out, "k1", 2, "v1");
    feed(state, out, "k1", 5, "v1");
    assertThat(out.take()).containsExactly("k1 [0,2) [1] @1", "k1 [2,4) [1] @2");
  }

  @Test
  void emitFinalOverSeveralKeysInCloseOrder() { // suppress.json#should suppress multiple keys
    AggregationState state = of(WindowPolicy.tumbling(2).withGrace(1).withEmit(EmitMode.FINAL), COUNT);
    Object[][] input = {{"k1", 0L}, {"k2", 1L}, {"k1", 2L}, {"k1", 1L}, {"k2", 0L}, {"k1", 5L}, {"k1", 0L}, {"k2", 2L}};
    for (Object[] record : input) {
      feed(state, out, record[0], (Long) record[1]);
    }
    assertThat(out.take()).containsExactly("k1 [0,2) [2] @1", "k2 [0,2) [2] @1", "k1 [2,4) [1] @2");
    assertThat(state.lateCount()).isEqualTo(2);
    assertThat(out.late).extracting(LateEvent::key).containsExactly("k1", "k2");
  }

  @Test
  void emitFinalHoppingEmitsEveryClosedWindow() { // suppress.json#should support final results for hopping windows
    AggregationState state = of(WindowPolicy.hopping(5, 2).withGrace(1).withEmit(EmitMode.FINAL), COUNT);
    for (long ts : new long[] {0, 1, 2, 1, 6, 5, 10}) {
      feed(state, out, "k1", ts);
    }
    // ksqlDB emits only [0,5) and [4,9): [2,7) closes at 8, jumped over from 6 to 10.
    assertThat(out.take()).containsExactly("k1 [0,5) [4] @2", "k1 [2,7) [3] @6", "k1 [4,9) [2] @6");
  }

  @Test
  void emitFinalSessions() { // suppress.json#should support final results for session windows
    AggregationState state = of(WindowPolicy.session(5).withGrace(6).withEmit(EmitMode.FINAL), COUNT);
    for (long ts : new long[] {0, 4, 8, 12, 14, 30, 29, 17, 42}) {
      feed(state, out, "k1", ts);
    }
    assertThat(out.take()).containsExactly("k1 [0,14] [5] @14", "k1 [29,30] [2] @30");
    assertThat(state.lateCount()).isEqualTo(1);
  }

  @Test
  void emitFinalEmitsASingleEventSession() {
    AggregationState state = of(WindowPolicy.session(5).withEmit(EmitMode.FINAL), COUNT);
    feed(state, out, "lonely", 0);
    feed(state, out, "other", 5);
    assertThat(out.take()).isEmpty(); // 0 is not < 5 - 5 - 0
    feed(state, out, "other", 6);
    assertThat(out.take()).containsExactly("lonely [0,0] [1] @0");
  }

  @Test
  void emitFinalJumpClosesManyWindowsOfManyKeysInCloseTimeOrder() {
    AggregationState state = of(WindowPolicy.tumbling(10).withGrace(100).withEmit(EmitMode.FINAL), COUNT);
    feed(state, out, "a", 5);
    feed(state, out, "b", 25);
    feed(state, out, "a", 15);
    feed(state, out, "b", 15);
    feed(state, out, "c", 1000);
    // Ascending close time; at the same close time, in the order the keys were scheduled (b's earliest
    // close was 120 from the start, a got there after its window closing at 110).
    assertThat(out.take()).containsExactly(
        "a [0,10) [1] @5", "b [10,20) [1] @15", "a [10,20) [1] @15", "b [20,30) [1] @25");
    assertThat(state.openWindows()).isEqualTo(1);
    assertThat(state.keyCount()).isEqualTo(1);
  }

  @Test
  void idleTimeoutClosesFinalWindowsWithoutNewRecords() {
    AggregationState state = of(WindowPolicy.tumbling(10_000).withEmit(EmitMode.FINAL).withIdleTimeout(5_000), COUNT);
    feed(state, out, "k", 1_000);
    state.advanceTime(100_000, out); // first tick after the record: idleness starts here
    state.advanceTime(104_999, out);
    state.advanceTime(105_000, out); // idle 5 s: stream time follows the clock to 6000
    assertThat(out.take()).isEmpty();
    assertThat(state.streamTime()).isEqualTo(6_000);
    state.advanceTime(109_000, out); // stream time 10000: [0,10000) closes
    assertThat(out.take()).containsExactly("k [0,10000) [1] @1000");
    feed(state, out, "k", 9_999);
    assertThat(out.late).hasSize(1);
    feed(state, out, "k", 12_000);
    state.advanceTime(200_000, out); // a record came since the last tick: not idle yet
    assertThat(out.take()).isEmpty();
    state.advanceTime(220_000, out);
    assertThat(out.take()).containsExactly("k [10000,20000) [1] @12000");
  }

  @Test
  void advanceTimeDoesNothingWithoutIdleTimeoutOrUnderEmitChanges() {
    AggregationState changes = of(WindowPolicy.tumbling(10).withIdleTimeout(1), COUNT);
    AggregationState finalNoIdle = of(WindowPolicy.tumbling(10).withEmit(EmitMode.FINAL), COUNT);
    for (AggregationState state : List.of(changes, finalNoIdle)) {
      feed(state, out, "k", 1);
      state.advanceTime(0, out);
      state.advanceTime(1_000_000, out);
      assertThat(state.streamTime()).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------ other

  @Test
  void unwindowedAggregationKeepsOneRowPerKey() {
    AggregationState state = of(WindowPolicy.unwindowed(), COUNT, AggregateFunctions.sum(ValueKind.INT));
    feed(state, out, "a", 10, null, 5);
    feed(state, out, "b", 5, null, 1);
    feed(state, out, "a", 3, null, null);
    assertThat(out.take()).containsExactly("a [1, 5] @10", "b [1, 1] @5", "a [2, 5] @10");
    assertThat(out.late).isEmpty();
  }

  @Test
  void defaultGraceFollowsKsqlDb() {
    assertThat(WindowPolicy.tumbling(30_000).graceMillis()).isEqualTo(86_400_000 - 30_000);
    assertThat(WindowPolicy.session(60_000).graceMillis()).isEqualTo(86_400_000 - 60_000);
    assertThat(WindowPolicy.tumbling(2 * 86_400_000L).graceMillis()).isZero();
    assertThat(WindowPolicy.tumbling(30_000).withEmit(EmitMode.FINAL).graceMillis()).isZero();
    assertThat(WindowPolicy.tumbling(30_000).withGrace(5).withEmit(EmitMode.FINAL).graceMillis()).isEqualTo(5);
  }

  @Test
  void closedWindowsAreEvicted() {
    AggregationState state = of(WindowPolicy.tumbling(10).withGrace(5), COUNT);
    for (int i = 0; i < 1000; i++) {
      feed(state, out, "k" + (i % 7), i * 3L);
    }
    assertThat(state.openWindows()).isLessThanOrEqualTo(7 * 2);
    AggregationState sessions = of(WindowPolicy.session(2).withGrace(0), COUNT);
    for (int i = 0; i < 1000; i++) {
      feed(sessions, out, "k" + (i % 7), i * 10L);
    }
    assertThat(sessions.openWindows()).isLessThanOrEqualTo(7);
  }

  @Test
  void keysWithEqualHashCodesStayApartAndManyKeysGrowAndShrinkTheTable() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    AggregationState state = of(WindowPolicy.tumbling(10).withGrace(0), COUNT);
    feed(state, out, "Aa", 1);
    feed(state, out, "BB", 2);
    feed(state, out, "Aa", 3);
    assertThat(out.take()).containsExactly("Aa [0,10) [1] @1", "BB [0,10) [1] @2", "Aa [0,10) [2] @3");
    for (int k = 0; k < 20_000; k++) {
      feed(state, out, "key" + k, 5);
    }
    assertThat(state.keyCount()).isEqualTo(20_002);
    feed(state, out, "key7", 9);
    assertThat(out.take()).hasSize(20_001).last().isEqualTo("key7 [0,10) [2] @9");
    feed(state, out, "Aa", 10); // closes [0,10) of every key
    assertThat(state.keyCount()).isEqualTo(1);
    assertThat(state.openWindows()).isEqualTo(1);
    feed(state, out, "BB", 11);
    assertThat(out.take()).containsExactly("Aa [10,20) [1] @10", "BB [10,20) [1] @11");
  }

  @Test
  void negativeTimestampsAreHandedOutAsLate() {
    AggregationState state = of(WindowPolicy.tumbling(10), COUNT);
    feed(state, out, "k", -5);
    assertThat(out.take()).isEmpty();
    assertThat(out.late).singleElement().satisfies(e -> assertThat(e.windowType()).isEqualTo(WindowPolicy.Type.NONE));
    assertThat(state.lateCount()).isEqualTo(1);
  }

  @Test
  void rejectsInvalidSpecs() {
    assertThatThrownBy(() -> WindowPolicy.hopping(10, 20)).hasMessageContaining("ADVANCE BY");
    assertThatThrownBy(() -> WindowPolicy.tumbling(0)).hasMessageContaining("window size");
    assertThatThrownBy(() -> WindowPolicy.unwindowed().withEmit(EmitMode.FINAL)).hasMessageContaining("EMIT FINAL");
    assertThatThrownBy(() -> WindowPolicy.tumbling(10).withGrace(5).withRetention(14)).hasMessageContaining("RETENTION");
    assertThatThrownBy(() -> WindowPolicy.tumbling(10).withGrace(-1)).hasMessageContaining("GRACE");
  }
}
