package io.strom.sink.writer;

import io.strom.sink.buffer.RowLayout;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes),
 * encoded straight into one growable byte array that the writer streams to the server.
 * Values may be Connect's representations (java.util.Date for the logical types) or the java.time
 * types the rules library emits.
 */
final class CopyEncoder {

  private static final byte[] NULL = {'\\', 'N'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buffer = new byte[1 << 16];
  private int length;

  void reset() {
    length = 0;
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  void row(List<RowLayout.Column> columns, Object[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        put((byte) '\t');
      }
      value(values[i], columns.get(i).schema());
    }
    put((byte) '\n');
  }

  private void value(Object value, Schema schema) {
    if (value == null) {
      put(NULL);
    } else if (value instanceof String s) {
      escaped(s);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      digits(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      ascii(value.toString()); // Java's NaN/Infinity/-Infinity spellings are PostgreSQL's too
    } else if (value instanceof Boolean b) {
      put((byte) (b ? 't' : 'f'));
    } else if (value instanceof BigDecimal decimal) {
      ascii(decimal.toPlainString());
    } else if (value instanceof java.util.Date date) {
      ascii(JsonText.temporal(date, schema));
    } else if (value instanceof byte[] bytes) {
      bytea(bytes);
    } else if (value instanceof ByteBuffer byteBuffer) {
      byte[] bytes = new byte[byteBuffer.remaining()];
      byteBuffer.duplicate().get(bytes);
      bytea(bytes);
    } else if (value instanceof java.time.temporal.TemporalAccessor) {
      ascii(value.toString());
    } else if (value instanceof org.apache.kafka.connect.data.Struct || value instanceof List<?>
        || value instanceof java.util.Map<?, ?>) {
      escaped(JsonText.of(value, schema).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new DataException("cannot write a " + value.getClass().getName() + " value to PostgreSQL");
    }
  }

  /** bytea in hex input form; its backslash is escaped once more for the COPY text format. */
  private void bytea(byte[] bytes) {
    ensure(3 + bytes.length * 2);
    buffer[length++] = '\\';
    buffer[length++] = '\\';
    buffer[length++] = 'x';
    for (byte b : bytes) {
      buffer[length++] = HEX[(b >> 4) & 0xf];
      buffer[length++] = HEX[b & 0xf];
    }
  }

  /** A string with COPY's escapes; ASCII (the common case) is written without an intermediate array. */
  private void escaped(String s) {
    int n = s.length();
    ensure(n * 2);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        escaped(s.substring(i).getBytes(StandardCharsets.UTF_8));
        return;
      }
      escapedByte((byte) c);
    }
  }

  private void digits(long v) {
    if (v < 0 || v >= 1_000_000_000_000_000L) {
      ascii(Long.toString(v));
      return;
    }
    ensure(19);
    int start = length;
    do {
      buffer[length++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = start, j = length - 1; i < j; i++, j--) {
      byte t = buffer[i];
      buffer[i] = buffer[j];
      buffer[j] = t;
    }
  }

  /** UTF-8 bytes with COPY's escapes; multi-byte sequences never contain the ASCII bytes escaped. */
  private void escaped(byte[] bytes) {
    ensure(bytes.length * 2);
    for (byte b : bytes) {
      escapedByte(b);
    }
  }

  /** Writes one byte, escaped; the caller has ensured room for two. */
  private void escapedByte(byte b) {
    switch (b) {
      case '\\' -> { buffer[length++] = '\\'; buffer[length++] = '\\'; }
      case '\t' -> { buffer[length++] = '\\'; buffer[length++] = 't'; }
      case '\n' -> { buffer[length++] = '\\'; buffer[length++] = 'n'; }
      case '\r' -> { buffer[length++] = '\\'; buffer[length++] = 'r'; }
      default -> buffer[length++] = b;
    }
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buffer[length++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void ensure(int extra) {
    if (length + extra > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
    }
  }
}
