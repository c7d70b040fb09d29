package io.strom.source.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The enabled scenarios and the probability of each per block of an entity's steps, parsed from
 * {@code scenarios} entries {@code name} or {@code name:rate} (rate defaulting to {@code scenario.rate}).
 */
public final class ScenarioMix {

  private final Map<String, Double> rates;

  private ScenarioMix(Map<String, Double> rates) {
    this.rates = rates;
  }

  public static ScenarioMix parse(List<String> entries, double defaultRate, List<ScenarioSpec> catalog) {
    Map<String, Double> rates = new LinkedHashMap<>();
    for (String entry : entries) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      String name = colon < 0 ? trimmed : trimmed.substring(0, colon).trim();
      if (catalog.stream().noneMatch(s -> s.name().equals(name))) {
        throw new ConfigException(SimulationConfig.SCENARIOS_CONFIG, entries,
            "unknown scenario '" + name + "'; known: " + names(catalog));
      }
      double rate = defaultRate;
      if (colon >= 0) {
        try {
          rate = Double.parseDouble(trimmed.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
          throw new ConfigException(SimulationConfig.SCENARIOS_CONFIG, entries,
              "rate of scenario '" + name + "' is not a number");
        }
      }
      if (!(rate >= 0 && rate <= 1)) {
        throw new ConfigException(SimulationConfig.SCENARIOS_CONFIG, entries,
            "rate of scenario '" + name + "' must be between 0 and 1");
      }
      if (rates.put(name, rate) != null) {
        throw new ConfigException(SimulationConfig.SCENARIOS_CONFIG, entries,
            "scenario '" + name + "' is listed twice");
      }
    }
    return new ScenarioMix(rates);
  }

  /** Sum of the rates: the share of blocks that play some scenario; must not exceed 1. */
  public double totalRate() {
    return rates.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public Map<String, Double> rates() {
    return rates;
  }

  /** The scenario a block plays (from the block's own draw), or null for normal behaviour. */
  String pick(SplittableRandom blockDraw) {
    double u = blockDraw.nextDouble();
    double cumulative = 0;
    for (Map.Entry<String, Double> e : rates.entrySet()) {
      cumulative += e.getValue();
      if (u < cumulative) {
        return e.getKey();
      }
    }
    return null;
  }

  static String names(List<ScenarioSpec> catalog) {
    return catalog.stream().map(ScenarioSpec::name).collect(Collectors.joining(", "));
  }

  /** Single-field check of {@code scenarios}: known names, rates within 0..1, no repeats. */
  static final class Validator implements ConfigDef.Validator {
    private final List<ScenarioSpec> catalog;

    Validator(List<ScenarioSpec> catalog) {
      this.catalog = catalog;
    }

    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> entries = (List<String>) value;
      parse(entries, 0, catalog);
    }

    @Override
    public String toString() {
      return "any of [" + names(catalog) + "], each optionally as name:rate with a rate in [0,1]";
    }
  }

  /** Offers the feed's scenario names in UIs. */
  static final class Recommender implements ConfigDef.Recommender {
    private final List<ScenarioSpec> catalog;

    Recommender(List<ScenarioSpec> catalog) {
      this.catalog = catalog;
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
      return new ArrayList<>(catalog.stream().map(ScenarioSpec::name).toList());
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
      return true;
    }
  }
}
