/**
 * Keyed event-time aggregation with ksqlDB semantics: tumbling, hopping and session windows, plain
 * GROUP BY tables, grace, EMIT CHANGES / EMIT FINAL, late records, idle close, snapshots. A pure
 * runtime: it knows nothing of the parser or the AST; the executor drives it with evaluated values.
 *
 * <h2>Wiring (what the executor does)</h2>
 *
 * <pre>{@code
 * // at compile time, once per rule
 * WindowPolicy spec = WindowPolicy.tumbling(60_000)          // or hopping(size, advance), session(gap), unwindowed()
 *     .withGrace(5_000)                                  // only if GRACE PERIOD is given
 *     .withEmit(EmitMode.FINAL)                          // EMIT FINAL; EMIT CHANGES is the default
 *     .withIdleTimeout(hostIdleTimeoutMs);               // EMIT FINAL only; host setting, 0 = off
 * List<AggregateFunction> functions = List.of(
 *     AggregateFunctions.create("COUNT", null, List.of()),                 // COUNT(*)
 *     AggregateFunctions.create("TOPK", ValueKind.INT, List.of(3)));       // TOPK(x, 3)
 *
 * // per partition (RuleInstance)
 * AggregationState state = new AggregationState(spec, functions);
 *
 * // per record that passed WHERE and has a non-null group key
 * Object[] args = {null, evaluatedX};                     // one evaluated argument per function,
 *                                                         // read during the call only: reuse it
 * state.process(groupKey, rowtime, args, listener);
 * state.advanceTime(wallClockMillis, listener);           // on each poll
 * byte[] bytes = state.snapshot();  state.restore(bytes);
 * }</pre>
 *
 * <p>The {@link io.strom.rules.runtime.window.AggregationListener} receives, synchronously:
 * <ul>
 *   <li>{@link io.strom.rules.runtime.window.AggregateUpdate}: key, window (type, start, end), the
 *       output timestamp, and the results before and after the change, read on demand with
 *       {@code oldResult(j)} / {@code newResult(j)} (or as fresh arrays with {@code oldResults()} /
 *       {@code newResults()}). {@code isNew()}: there are no old results (always under EMIT FINAL);
 *       {@code isRemoval()}: there are no new results (a session merged away). The update object is
 *       reused: it is valid only during the callback. The executor applies HAVING to both:
 *       <pre>{@code
 * public void onUpdate(AggregateUpdate u) {
 *   boolean nowPasses = !u.isRemoval() && having(u::newResult);
 *   if (nowPasses) {
 *     emit(key(u), window(u), project(u::newResult), u.timestamp());
 *   } else if (!u.isNew() && having(u::oldResult)) {
 *     emit(key(u), window(u), null, u.timestamp());     // tombstone: the row no longer qualifies
 *   }                                                   // else: it never passed, nothing goes out
 * }
 * }</pre></li>
 *   <li>{@link io.strom.rules.runtime.window.LateEvent}: a record later than grace, with the window
 *       it missed and by how much; the executor turns it into the API's late record (it knows the
 *       input record being processed).</li>
 * </ul>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Stream time</b> is the largest timestamp among records given to {@code process} (so only
 *       records that reach the aggregation: after WHERE, with a non-null key).</li>
 *   <li><b>Tumbling</b> windows are aligned to the epoch; <b>hopping</b> windows start at multiples of
 *       ADVANCE BY, at or after 0, and a record updates all of its windows in ascending start order.
 *       Time windows are {@code [start, start + size)}.</li>
 *   <li><b>Sessions</b> have inclusive bounds, the first and last record time. A record joins every
 *       session within the gap; the merged-away sessions (and a session whose bounds the record
 *       changes or even just falls into, as Kafka Streams does) are removed with a removal update
 *       each, ascending, timestamp = their end, before the merged session's update.</li>
 *   <li><b>Grace</b> defaults to {@code max(24h - size, 0)} under EMIT CHANGES and 0 under EMIT FINAL.
 *       A time window takes a record while {@code end > streamTime - grace}; a session while the
 *       merged session's {@code end >= streamTime - gap - grace}. Closed windows are evicted at once
 *       (sessions are purged and never merged into again), so state stays bounded.</li>
 *   <li><b>Output timestamps</b>: the largest record timestamp in the window or row (a late, older
 *       record does not lower it); the session end for sessions.</li>
 *   <li><b>EMIT FINAL</b> emits every window exactly once when stream time reaches
 *       {@code end + grace} (sessions: when {@code end < streamTime - gap - grace}), in ascending
 *       close time, also when stream time jumps past several closes at once. Windows of different
 *       keys closing at the same time come out in a fixed order (the order the keys were scheduled),
 *       which snapshots preserve. This is Strom's choice
 *       and differs from ksqlDB, which loses windows whose close time is jumped over. A one-record
 *       session is emitted like any other.</li>
 *   <li><b>Idle close</b>: with an idle timeout, {@code advanceTime} lets stream time follow the wall
 *       clock after the input has been idle that long, so EMIT FINAL windows close without new
 *       records (see {@link io.strom.rules.runtime.window.AggregationState#advanceTime}).</li>
 *   <li>Records with a negative timestamp belong to no window and are handed out as late events.</li>
 *   <li><b>RETENTION</b> is accepted (must be at least size + grace); closed windows are never
 *       kept, because nothing can read or change them.</li>
 * </ul>
 *
 * <h2>State</h2>
 * One object per group key, which is also its hash-table entry, holds the key's open windows in one
 * {@code long[]} (start, max timestamp or session end, and the slots of primitive aggregates such as
 * COUNT, SUM and AVG) plus one accumulator object per window for the other aggregates. The close
 * schedule lists each key once, at its earliest close time. Snapshots are versioned ({@code AggregationState.FORMAT_VERSION})
 * and carry a fingerprint of the window and functions; restoring another rule's state fails.
 */
package io.strom.rules.runtime.window;
