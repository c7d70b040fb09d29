package io.strom.rules.types;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable STRUCT value: field names in order, with their values. Also the key of an output
 * whose key has several columns (e.g. {@code GROUP BY a, b}).
 */
public final class StructValue {

  private final List<String> names;
  private final Object[] values;

  public StructValue(List<String> names, List<?> values) {
    if (names.size() != values.size()) {
      throw new IllegalArgumentException("a struct needs one value per field: " + names + " vs " + values.size() + " values");
    }
    this.names = List.copyOf(names);
    this.values = values.toArray();
  }

  public List<String> names() {
    return names;
  }

  /** The values in field order (unmodifiable; may contain null). */
  public List<Object> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  public Object get(int index) {
    return values[index];
  }

  /** The value of the field with this exact name, or null when there is no such field. */
  public Object get(String name) {
    int i = names.indexOf(name);
    return i < 0 ? null : values[i];
  }

  /** The fields as an ordered map (for serializers). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(names.get(i), values[i]);
    }
    return map;
  }

  public static StructValue of(Map<String, ?> fields) {
    return new StructValue(new ArrayList<>(fields.keySet()), new ArrayList<>(fields.values()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StructValue s && names.equals(s.names) && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(names, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
