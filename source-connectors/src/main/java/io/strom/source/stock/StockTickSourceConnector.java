package io.strom.source.stock;

import io.strom.source.sim.Feed;
import io.strom.source.sim.FeedSpec;
import io.strom.source.sim.ScenarioSpec;
import io.strom.source.sim.SimulatedSourceConnector;
import io.strom.source.sim.SimulationConfig;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;

/** Simulated stock ticks: geometric Brownian motion per symbol, with volume and bid/ask. */
public final class StockTickSourceConnector extends SimulatedSourceConnector {

  public static final String SYMBOLS_CONFIG = "symbols";

  public static final FeedSpec SPEC = new FeedSpec("stocks", "stock.ticks", 1_000L, 0.02, SYMBOLS_CONFIG, List.of(
      new ScenarioSpec("spike", "The price jumps 9-18% within 3 ticks on heavy volume, then gives most of it back over 20 ticks."),
      new ScenarioSpec("crash", "The price falls 15-30% within 5 ticks on heavy volume, then recovers a little over 20 ticks."),
      new ScenarioSpec("pump_and_dump", "The price climbs 27-60% over 60 ticks on growing volume, then is dumped below its start within 6 ticks.")));

  private static final List<String> DEFAULT_SYMBOLS = List.of(
      "AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "JPM", "V", "JNJ",
      "WMT", "XOM", "PG", "MA", "HD", "KO", "PEP", "DIS", "NFLX", "INTC");

  public static final ConfigDef CONFIG_DEF = SimulationConfig.configDef(SPEC)
      .define(SYMBOLS_CONFIG, Type.LIST, DEFAULT_SYMBOLS, new SymbolsValidator(), Importance.HIGH,
          "Ticker symbols to simulate, comma-separated; each symbol's path depends only on the seed and the symbol.",
          SimulationConfig.GROUP_ENTITIES, 2, Width.LONG, "Symbols");

  public static final Feed FEED = new Feed(SPEC, CONFIG_DEF, StockTickModel::new);

  public StockTickSourceConnector() {
    super(FEED);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return StockTickSourceTask.class;
  }

  /** At least one symbol, each of 1-12 of A-Z 0-9 . -, none twice. */
  private static final class SymbolsValidator implements ConfigDef.Validator {
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.\\-]{1,12}");

    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> symbols = (List<String>) value;
      if (symbols == null || symbols.isEmpty()) {
        throw new ConfigException(name, value, "must list at least one symbol");
      }
      for (String symbol : symbols) {
        if (!SYMBOL.matcher(symbol).matches()) {
          throw new ConfigException(name, value, "'" + symbol + "' is not a symbol of 1-12 of A-Z 0-9 . -");
        }
      }
      if (new HashSet<>(symbols).size() != symbols.size()) {
        throw new ConfigException(name, value, "lists a symbol twice");
      }
    }

    @Override
    public String toString() {
      return "non-empty list of distinct symbols of 1-12 of A-Z 0-9 . -";
    }
  }
}
