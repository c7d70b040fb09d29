package io.strom.sink.writer;

import io.strom.sink.buffer.RowLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Rows in PostgreSQL's binary COPY format. The server then parses nothing (no float, timestamp or
 * integer input functions) and the task formats nothing (no {@code Double.toString}, no
 * {@code Instant.toString}): both matter when the task and the database share the CPU.
 *
 * <p>Binary input must match each column's type exactly, so a layout is written this way only when
 * every column is a type this class knows and the table's column has exactly the type it sends
 * ({@link #plan}); otherwise the text format is used. A value this class does not expect (a Java
 * type other than Connect's for the schema, an integer too wide for its column) throws
 * {@link NotBinary}, and the writer writes the batch in text instead, so PostgreSQL's own input
 * rules, and its error for a bad row, stay what decides.
 */
final class BinaryCopyEncoder {

  /** A value this encoder does not write; the batch goes in the text format instead. */
  static final class NotBinary extends RuntimeException {
    NotBinary(String message) {
      super(message, null, false, false);
    }
  }

  /** How one column's values are sent; {@code typeName} is PostgreSQL's {@code pg_type.typname}. */
  enum Kind {
    INT2("int2"), INT4("int4"), INT8("int8"), FLOAT4("float4"), FLOAT8("float8"), BOOL("bool"),
    TEXT("text"), BYTEA("bytea"), TIMESTAMPTZ("timestamptz"), DATE("date"), TIME("time");

    final String typeName;

    Kind(String typeName) {
      this.typeName = typeName;
    }
  }

  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
      0, 0, 0, 0, 0, 0, 0, 0};
  /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix milliseconds. */
  private static final long PG_EPOCH_MS = 946_684_800_000L;
  private static final int PG_EPOCH_DAYS = 10_957;
  private static final long DAY_MS = 86_400_000L;

  private byte[] buffer = new byte[1 << 16];
  private int length;

  /**
   * The binary kind of each column of a layout, or null when the layout must go as text: a column
   * of a type not handled here, or a table column of another type (e.g. a {@code bigint} column
   * that a user made for an INT32 field; text input converts, binary input would fail).
   */
  static Kind[] plan(List<RowLayout.Column> columns, Map<String, String> tableTypes) {
    Kind[] kinds = new Kind[columns.size()];
    for (int i = 0; i < kinds.length; i++) {
      Kind kind = kindOf(columns.get(i).schema());
      String actual = tableTypes.get(columns.get(i).name());
      if (kind == null || actual == null || !(kind.typeName.equals(actual)
          || kind == Kind.TEXT && actual.equals("varchar"))) {
        return null;
      }
      kinds[i] = kind;
    }
    return kinds;
  }

  static Kind kindOf(Schema schema) {
    String logical = schema.name();
    if (logical != null) {
      return switch (logical) {
        case Timestamp.LOGICAL_NAME -> Kind.TIMESTAMPTZ;
        case Date.LOGICAL_NAME -> Kind.DATE;
        case Time.LOGICAL_NAME -> Kind.TIME;
        default -> null; // Decimal and anything else: text
      };
    }
    return switch (schema.type()) {
      case INT8, INT16 -> Kind.INT2;
      case INT32 -> Kind.INT4;
      case INT64 -> Kind.INT8;
      case FLOAT32 -> Kind.FLOAT4;
      case FLOAT64 -> Kind.FLOAT8;
      case BOOLEAN -> Kind.BOOL;
      case STRING -> Kind.TEXT;
      case BYTES -> Kind.BYTEA;
      default -> null; // structs, arrays, maps: jsonb, as text
    };
  }

  void reset() {
    length = 0;
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  void header() {
    put(HEADER, HEADER.length);
  }

  void trailer() {
    ensure(2);
    putShort(-1);
  }

  void row(Kind[] kinds, Object[] values) {
    ensure(2);
    putShort(values.length);
    for (int i = 0; i < values.length; i++) {
      value(kinds[i], values[i]);
    }
  }

  private void value(Kind kind, Object value) {
    if (value == null) {
      ensure(4);
      putInt(-1);
      return;
    }
    switch (kind) {
      case INT2 -> {
        long v = integral(value);
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          throw new NotBinary("out of smallint range");
        }
        ensure(6);
        putInt(2);
        putShort((int) v);
      }
      case INT4 -> {
        long v = integral(value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new NotBinary("out of integer range");
        }
        ensure(8);
        putInt(4);
        putInt((int) v);
      }
      case INT8 -> {
        ensure(12);
        putInt(8);
        putLong(integral(value));
      }
      case FLOAT4 -> {
        if (!(value instanceof Float f)) {
          throw new NotBinary("not a Float");
        }
        ensure(8);
        putInt(4);
        putInt(Float.floatToIntBits(f));
      }
      case FLOAT8 -> {
        if (!(value instanceof Double || value instanceof Float)) {
          throw new NotBinary("not a Double");
        }
        ensure(12);
        putInt(8);
        putLong(Double.doubleToLongBits(((Number) value).doubleValue()));
      }
      case BOOL -> {
        if (!(value instanceof Boolean b)) {
          throw new NotBinary("not a Boolean");
        }
        ensure(5);
        putInt(1);
        buffer[length++] = (byte) (b ? 1 : 0);
      }
      case TEXT -> {
        if (!(value instanceof String s)) {
          throw new NotBinary("not a String");
        }
        text(s);
      }
      case BYTEA -> {
        byte[] bytes;
        if (value instanceof byte[] b) {
          bytes = b;
        } else if (value instanceof ByteBuffer byteBuffer) {
          bytes = new byte[byteBuffer.remaining()];
          byteBuffer.duplicate().get(bytes);
        } else {
          throw new NotBinary("not bytes");
        }
        ensure(4);
        putInt(bytes.length);
        put(bytes, bytes.length);
      }
      case TIMESTAMPTZ -> {
        long micros = value instanceof Instant instant ? micros(instant) : micros(millis(value) - PG_EPOCH_MS);
        ensure(12);
        putInt(8);
        putLong(micros);
      }
      case DATE -> {
        long days = (value instanceof LocalDate date ? date.toEpochDay()
            : Math.floorDiv(millis(value), DAY_MS)) - PG_EPOCH_DAYS;
        ensure(8);
        putInt(4);
        if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
          throw new NotBinary("out of date range");
        }
        putInt((int) days);
      }
      case TIME -> {
        ensure(12);
        putInt(8);
        putLong(value instanceof LocalTime time ? exactMicros(time.toNanoOfDay())
            : Math.floorMod(millis(value), DAY_MS) * 1000L);
      }
    }
  }

  /** The rules library's timestamps; sub-microsecond ones go as text, where PostgreSQL rounds them. */
  private static long micros(Instant instant) {
    long seconds = instant.getEpochSecond() - PG_EPOCH_MS / 1000;
    if (seconds > Long.MAX_VALUE / 1_000_000 - 1 || seconds < Long.MIN_VALUE / 1_000_000 + 1) {
      throw new NotBinary("out of timestamp range");
    }
    return seconds * 1_000_000 + exactMicros(instant.getNano());
  }

  private static long exactMicros(long nanos) {
    if (nanos % 1000 != 0) {
      throw new NotBinary("finer than a microsecond");
    }
    return nanos / 1000;
  }

  private static long micros(long ms) {
    if (ms > Long.MAX_VALUE / 1000 || ms < Long.MIN_VALUE / 1000) {
      throw new NotBinary("out of timestamp range");
    }
    return ms * 1000L;
  }

  private static long integral(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    throw new NotBinary("not an integer");
  }

  /** Connect's java.util.Date (the rules library's java.time values are handled by the callers). */
  private static long millis(Object value) {
    if (value instanceof java.util.Date date) {
      return date.getTime();
    }
    throw new NotBinary("not a java.util.Date");
  }

  /** The length, then UTF-8; ASCII (the common case) is copied without an intermediate array. */
  private void text(String s) {
    int n = s.length();
    ensure(4 + n);
    int lengthAt = length;
    length += 4;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        length = lengthAt;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + utf8.length);
        putInt(utf8.length);
        put(utf8, utf8.length);
        return;
      }
      buffer[length++] = (byte) c;
    }
    int end = length;
    length = lengthAt;
    putInt(n);
    length = end;
  }

  private void putShort(int v) {
    buffer[length++] = (byte) (v >>> 8);
    buffer[length++] = (byte) v;
  }

  private void putInt(int v) {
    buffer[length++] = (byte) (v >>> 24);
    buffer[length++] = (byte) (v >>> 16);
    buffer[length++] = (byte) (v >>> 8);
    buffer[length++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void put(byte[] bytes, int n) {
    ensure(n);
    System.arraycopy(bytes, 0, buffer, length, n);
    length += n;
  }

  private void ensure(int extra) {
    if (length + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
    }
  }
}
