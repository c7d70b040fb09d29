package io.strom.rules.runtime.state;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes state into a growable byte array: fixed-width primitives (big-endian) plus
 * {@link #writeValue(Object)}, the tagged codec for SQL values (see {@link ValueTag}).
 * Not thread-safe; one writer per snapshot.
 */
public final class StateWriter {

  private byte[] buffer;
  private int position;

  public StateWriter() {
    this(256);
  }

  public StateWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  public void writeByte(int value) {
    ensure(1);
    buffer[position++] = (byte) value;
  }

  public void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  public void writeInt(int value) {
    ensure(4);
    buffer[position++] = (byte) (value >>> 24);
    buffer[position++] = (byte) (value >>> 16);
    buffer[position++] = (byte) (value >>> 8);
    buffer[position++] = (byte) value;
  }

  public void writeLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[position++] = (byte) (value >>> shift);
    }
  }

  public void writeDouble(double value) {
    // Raw bits: NaN payloads and -0.0 survive, so restored results are bit-identical.
    writeLong(Double.doubleToRawLongBits(value));
  }

  public void writeString(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length);
    writeBytes(bytes);
  }

  public void writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  /** Writes one SQL value (see the value mapping in docs/rules.md, Types), or null, with its type tag. */
  public void writeValue(Object value) {
    if (value == null) {
      writeByte(ValueTag.NULL);
    } else if (value instanceof Boolean b) {
      writeByte(b ? ValueTag.TRUE : ValueTag.FALSE);
    } else if (value instanceof Integer i) {
      writeByte(ValueTag.INT);
      writeInt(i);
    } else if (value instanceof Long l) {
      writeByte(ValueTag.BIGINT);
      writeLong(l);
    } else if (value instanceof Double d) {
      writeByte(ValueTag.DOUBLE);
      writeDouble(d);
    } else if (value instanceof String s) {
      writeByte(ValueTag.STRING);
      writeString(s);
    } else if (value instanceof BigDecimal d) {
      writeByte(ValueTag.DECIMAL);
      writeInt(d.scale());
      byte[] unscaled = d.unscaledValue().toByteArray();
      writeInt(unscaled.length);
      writeBytes(unscaled);
    } else if (value instanceof Instant t) {
      writeByte(ValueTag.TIMESTAMP);
      writeLong(t.getEpochSecond());
      writeInt(t.getNano());
    } else if (value instanceof LocalDate d) {
      writeByte(ValueTag.DATE);
      writeLong(d.toEpochDay());
    } else if (value instanceof LocalTime t) {
      writeByte(ValueTag.TIME);
      writeLong(t.toNanoOfDay());
    } else if (value instanceof List<?> list) {
      writeByte(ValueTag.ARRAY);
      writeInt(list.size());
      for (Object element : list) {
        writeValue(element);
      }
    } else if (value instanceof Map<?, ?> map) {
      writeByte(ValueTag.MAP);
      writeInt(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writeValue(entry.getKey());
        writeValue(entry.getValue());
      }
    } else {
      throw new IllegalArgumentException(
          "cannot snapshot a value of type " + value.getClass().getName());
    }
  }

  public int size() {
    return position;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, position);
  }

  private void ensure(int extra) {
    if (position + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + extra));
    }
  }
}
