package io.strom.connect.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts one of a fixed set of names and rejects anything else, null included, as a
 * {@code ConfigException} naming the key: no silent fallback to a default.
 *
 * <p>Case: a value matches a name whatever its case ({@code UPSERT}, {@code upsert} and
 * {@code Upsert} are all {@code upsert}); {@link #parse} reads a value back to its enum constant by
 * the same rule. The names are listed, in docs and messages, as they are given: an enum's constants
 * in lower case ({@link #of}), other names as spelled ({@link #in}).
 */
public final class EnumValidator implements ConfigDef.Validator {

  private final List<String> names;

  private EnumValidator(List<String> names) {
    this.names = names;
  }

  /** The names of {@code type}'s constants, listed in lower case. */
  public static EnumValidator of(Class<? extends Enum<?>> type) {
    return new EnumValidator(Arrays.stream(type.getEnumConstants())
        .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList());
  }

  /** The given names, listed as spelled (e.g. Confluent's {@code URL} and {@code USER_INFO}). */
  public static EnumValidator in(String... names) {
    return new EnumValidator(List.of(names));
  }

  /**
   * The constant of {@code type} a validated value names, matched ignoring case.
   *
   * @throws IllegalArgumentException when none matches (the value was not validated by {@link #of})
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String value) {
    return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equalsIgnoreCase(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " named " + value));
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (!(value instanceof String text) || names.stream().noneMatch(text::equalsIgnoreCase)) {
      throw new ConfigException(name, value, "must be one of " + String.join(", ", names) + " (any case)");
    }
  }

  @Override
  public String toString() {
    return "one of " + String.join(", ", names) + " (any case)";
  }
}
