package io.strom.rules.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

  private static Object roundTrip(Object value) {
    StateWriter out = new StateWriter(1);
    out.writeValue(value);
    StateReader in = new StateReader(out.toByteArray());
    Object back = in.readValue();
    assertThat(in.atEnd()).isTrue();
    return back;
  }

  @Test
  void everySqlValueRoundTrips() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", null);
    List<Object> values = Arrays.asList(null, true, false, 42, -7L, Long.MIN_VALUE, 0.1, Double.NaN, -0.0,
        new BigDecimal("-12345678901234567890.0012"), "", "grüße ✓", Instant.ofEpochSecond(-5, 123),
        LocalDate.of(1969, 12, 31), LocalTime.of(23, 59, 59, 999_999_999), List.of(1, "x", List.of()), map);
    for (Object value : values) {
      Object back = roundTrip(value);
      assertThat(back).isEqualTo(value);
      if (value != null) {
        assertThat(back).isInstanceOf(value.getClass().isAnonymousClass() ? Object.class : back.getClass());
        assertThat(back.getClass().getSimpleName()).isIn(value.getClass().getSimpleName(), "ArrayList",
            "LinkedHashMap");
      }
    }
    assertThat(Double.doubleToRawLongBits((Double) roundTrip(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(roundTrip(7)).isInstanceOf(Integer.class);
    assertThat(roundTrip(7L)).isInstanceOf(Long.class);
    assertThat(((BigDecimal) roundTrip(new BigDecimal("1.50"))).scale()).isEqualTo(2);
  }

  @Test
  void primitivesRoundTrip() {
    StateWriter out = new StateWriter(1);
    out.writeByte(-3);
    out.writeInt(Integer.MIN_VALUE);
    out.writeLong(-2);
    out.writeDouble(1.25);
    out.writeBoolean(true);
    out.writeString("s");
    StateReader in = new StateReader(out.toByteArray());
    assertThat(in.readByte()).isEqualTo(-3);
    assertThat(in.readInt()).isEqualTo(Integer.MIN_VALUE);
    assertThat(in.readLong()).isEqualTo(-2);
    assertThat(in.readDouble()).isEqualTo(1.25);
    assertThat(in.readBoolean()).isTrue();
    assertThat(in.readString()).isEqualTo("s");
    assertThat(in.atEnd()).isTrue();
  }

  @Test
  void corruptInputFailsClearly() {
    StateWriter out = new StateWriter();
    out.writeValue(5L);
    byte[] bytes = out.toByteArray();
    assertThatThrownBy(() -> new StateReader(Arrays.copyOf(bytes, bytes.length - 1)).readValue())
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> new StateReader(new byte[] {99}).readValue())
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("unknown value tag 99");
    assertThatThrownBy(() -> new StateReader(new byte[] {11, 0x7f, 0, 0, 0}).readValue())
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("bad element count");
  }

  @Test
  void unsupportedTypesAreRejected() {
    assertThatThrownBy(() -> new StateWriter().writeValue(new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }
}
