package io.strom.rules.runtime.state;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what {@link StateWriter} wrote; throws {@link SnapshotFormatException} on truncated or unknown data. */
public final class StateReader {

  private final byte[] buffer;
  private int position;

  public StateReader(byte[] buffer) {
    this.buffer = buffer;
  }

  public int readByte() {
    need(1);
    return buffer[position++];
  }

  public boolean readBoolean() {
    int b = readByte();
    if (b != 0 && b != 1) {
      throw new SnapshotFormatException("bad boolean byte " + b + " at offset " + (position - 1));
    }
    return b == 1;
  }

  public int readInt() {
    need(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (buffer[position++] & 0xff);
    }
    return value;
  }

  public long readLong() {
    need(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (buffer[position++] & 0xff);
    }
    return value;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /** A non-negative count, checked against what is left so corrupt input cannot allocate wildly. */
  public int readCount() {
    int count = readInt();
    if (count < 0 || count > buffer.length - position) {
      throw new SnapshotFormatException("bad element count " + count + " at offset " + (position - 4));
    }
    return count;
  }

  public String readString() {
    int length = readCount();
    String value = new String(buffer, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  public byte[] readBytes(int length) {
    need(length);
    byte[] bytes = new byte[length];
    System.arraycopy(buffer, position, bytes, 0, length);
    position += length;
    return bytes;
  }

  public Object readValue() {
    int tag = readByte();
    switch (tag) {
      case ValueTag.NULL:
        return null;
      case ValueTag.FALSE:
        return Boolean.FALSE;
      case ValueTag.TRUE:
        return Boolean.TRUE;
      case ValueTag.INT:
        return readInt();
      case ValueTag.BIGINT:
        return readLong();
      case ValueTag.DOUBLE:
        return readDouble();
      case ValueTag.STRING:
        return readString();
      case ValueTag.DECIMAL: {
        int scale = readInt();
        byte[] unscaled = readBytes(readCount());
        return new BigDecimal(new BigInteger(unscaled), scale);
      }
      case ValueTag.TIMESTAMP: {
        long seconds = readLong();
        return Instant.ofEpochSecond(seconds, readInt());
      }
      case ValueTag.DATE:
        return LocalDate.ofEpochDay(readLong());
      case ValueTag.TIME:
        return LocalTime.ofNanoOfDay(readLong());
      case ValueTag.ARRAY: {
        int size = readCount();
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(readValue());
        }
        return list;
      }
      case ValueTag.MAP: {
        int size = readCount();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
          map.put(readValue(), readValue());
        }
        return map;
      }
      default:
        throw new SnapshotFormatException("unknown value tag " + tag + " at offset " + (position - 1));
    }
  }

  public boolean atEnd() {
    return position == buffer.length;
  }

  private void need(int bytes) {
    if (position + bytes > buffer.length) {
      throw new SnapshotFormatException(
          "snapshot truncated: need " + bytes + " bytes at offset " + position + " of " + buffer.length);
    }
  }
}
