package io.strom.rules.data;

/**
 * A record's columns as the rule engine reads them: {@code get(i)} is the value of the i-th
 * column of the rule's {@link io.strom.rules.CompiledRule#source()} schema, as the Java value of its SQL type
 * (see {@link io.strom.rules.types.SqlType}), or null. Hosts adapt their own records to this
 * (the SMT and the sink wrap Connect data); the engine resolves column names to indexes once, at
 * compile time.
 */
@FunctionalInterface
public interface Row {

  Object get(int columnIndex);

  /** A row over an array, in the source's column order (the array is not copied). */
  static Row of(Object... values) {
    return new ArrayRow(values);
  }

  /** The plain array-backed row. */
  record ArrayRow(Object[] values) implements Row {
    @Override
    public Object get(int columnIndex) {
      return values[columnIndex];
    }
  }
}
