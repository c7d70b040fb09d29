package io.strom.rules.execution;

import io.strom.rules.contract.Emitter;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects what a rule instance emits, rendered as comparable text. */
final class Outputs implements Emitter {

  final List<String> records = new ArrayList<>();
  final List<LateRecord> late = new ArrayList<>();

  @Override
  public void emit(OutputRecord r) {
    records.add(render(r));
  }

  @Override
  public void late(LateRecord l) {
    late.add(l);
  }

  /** {@code key=values@timestamp[window]}, e.g. {@code k1=[k1, 2]@1[0,2)}; a tombstone shows {@code null}. */
  static String render(OutputRecord r) {
    return r.key() + "=" + (r.values() == null ? "null" : Arrays.deepToString(r.values())) + "@" + r.timestamp()
        + (r.window() == null ? "" : "[" + r.window().start() + "," + r.window().end() + ")");
  }
}
