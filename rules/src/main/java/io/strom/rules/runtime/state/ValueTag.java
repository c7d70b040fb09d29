package io.strom.rules.runtime.state;

/**
 * The one-byte type tags of the value codec. Persisted in snapshots: never renumber a tag,
 * only add new ones.
 */
final class ValueTag {

  static final int NULL = 0;
  static final int FALSE = 1;
  static final int TRUE = 2;
  static final int INT = 3;
  static final int BIGINT = 4;
  static final int DOUBLE = 5;
  static final int DECIMAL = 6;
  static final int STRING = 7;
  static final int TIMESTAMP = 8;
  static final int DATE = 9;
  static final int TIME = 10;
  static final int ARRAY = 11;
  static final int MAP = 12;

  private ValueTag() {}
}
