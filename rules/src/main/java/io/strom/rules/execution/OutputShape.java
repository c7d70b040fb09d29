package io.strom.rules.execution;

import io.strom.rules.data.Column;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.types.StructValue;
import java.util.ArrayList;
import java.util.List;

/** Builds an output's key from its values: none, the bare value of one key column, or a StructValue of several. */
final class OutputShape {

  private final int[] keyPositions;
  private final List<String> keyNames;
  /**
   * Without PARTITION BY a key of several columns that are all null is no key (the source record
   * had none, ksqlDB writes a null key); a PARTITION BY key is an object even when its values are null.
   */
  private final boolean allNullIsNoKey;

  OutputShape(RulePlan plan) {
    allNullIsNoKey = plan.rekey() == null;
    keyPositions = plan.keyOutputIndexes().stream().mapToInt(Integer::intValue).toArray();
    List<String> names = new ArrayList<>();
    for (int i : keyPositions) {
      Column c = plan.output().get(i);
      names.add(c.name());
    }
    keyNames = List.copyOf(names);
  }

  Object key(Object[] values) {
    if (keyPositions.length == 0) {
      return null;
    }
    if (keyPositions.length == 1) {
      return values[keyPositions[0]];
    }
    Object[] keys = new Object[keyPositions.length];
    boolean any = false;
    for (int i = 0; i < keys.length; i++) {
      keys[i] = values[keyPositions[i]];
      any |= keys[i] != null;
    }
    if (!any && allNullIsNoKey) {
      return null;
    }
    return new StructValue(keyNames, java.util.Arrays.asList(keys));
  }

  /** A key from the group key values (tables): same order as the GROUP BY. */
  Object keyFromGroup(Object[] group) {
    if (group.length == 1) {
      return group[0];
    }
    return new StructValue(keyNames, java.util.Arrays.asList(group));
  }
}
