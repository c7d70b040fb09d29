package io.strom.source.stock;

import io.strom.source.sim.DeterministicRandom;
import io.strom.source.sim.EntityGenerator;
import io.strom.source.sim.Event;
import io.strom.source.sim.FeedModel;
import io.strom.source.sim.Simulation;
import io.strom.source.sim.SimulationConfig;
import io.strom.source.sim.Step;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Stock ticks: the price follows geometric Brownian motion with per-symbol drift and volatility
 * (a trading year of 252 days of 6.5 hours), volume is log-normal around a per-symbol base, and
 * bid/ask sit a per-symbol spread apart. Scenarios add log-return shocks and volume. The price is
 * a random walk, so it is kept in the source offset.
 */
final class StockTickModel implements FeedModel {

  static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
      .name("io.strom.stock.StockTick").version(1)
      .doc("One trade tick of a stock, with the quote at that moment.")
      .field("symbol", SchemaBuilder.string().doc("Ticker symbol, e.g. AAPL; also the record key.").build())
      .field("price", SchemaBuilder.float64().doc("Last trade price in USD, to the cent.").build())
      .field("bid", SchemaBuilder.float64().doc("Best bid in USD.").build())
      .field("ask", SchemaBuilder.float64().doc("Best ask in USD, above the bid.").build())
      .field("volume", SchemaBuilder.int64().doc("Shares traded since the previous tick.").build())
      .field("ts", Timestamp.builder().doc("Event time of the tick (also the record timestamp).").build())
      .field(Simulation.SCENARIO_FIELD, Simulation.scenarioFieldSchema())
      .build();

  static final String PRICE_KEY = "price";
  private static final int BLOCK_LENGTH = 300;
  private static final double TRADING_YEAR_MS = 252 * 6.5 * 3_600_000;

  private final long seed;
  private final List<String> symbols;
  private final double dt;

  StockTickModel(SimulationConfig config) {
    this.seed = config.seed();
    this.symbols = config.getList(StockTickSourceConnector.SYMBOLS_CONFIG);
    this.dt = config.eventIntervalMs() / TRADING_YEAR_MS;
  }

  @Override
  public List<String> entityIds() {
    return symbols;
  }

  @Override
  public Schema valueSchema() {
    return VALUE_SCHEMA;
  }

  @Override
  public int blockLength() {
    return BLOCK_LENGTH;
  }

  @Override
  public EntityGenerator generator(String symbol) {
    return new Symbol(symbol);
  }

  private final class Symbol extends EntityGenerator {
    private final String symbol;
    private final double drift;
    private final double volatility;
    private final double baseVolume;
    private final double halfSpread;
    private double price;

    Symbol(String symbol) {
      this.symbol = symbol;
      SplittableRandom traits = DeterministicRandom.forTraits(seed, symbol);
      this.price = Math.exp(Math.log(20) + traits.nextDouble() * (Math.log(500) - Math.log(20)));
      this.volatility = 0.15 + 0.45 * traits.nextDouble();
      this.drift = 0.02 + 0.08 * traits.nextDouble();
      this.baseVolume = 100 + 4_900 * traits.nextDouble();
      this.halfSpread = (1 + 7 * traits.nextDouble()) / 20_000;
    }

    @Override
    public Event generate(Step step) {
      SplittableRandom random = step.random();
      double shock = 0;
      double volumeFactor = 1;
      String label = null;
      if (step.scenario() != null) {
        SplittableRandom episode = step.blockRandom();
        int k = step.position() - episode.nextInt(100);
        double strength = episode.nextDouble();
        switch (step.scenario()) {
          case "spike" -> {
            double jump = 0.03 + 0.03 * strength;
            if (k >= 0 && k < 3) {
              shock = jump;
              volumeFactor = 6;
            } else if (k >= 3 && k < 23) {
              shock = -3 * jump * 0.8 / 20;
              volumeFactor = 2;
            }
            label = k >= 0 && k < 23 ? "spike" : null;
          }
          case "crash" -> {
            double fall = 0.03 + 0.03 * strength;
            if (k >= 0 && k < 5) {
              shock = -fall;
              volumeFactor = 8;
            } else if (k >= 5 && k < 25) {
              shock = 5 * fall * 0.3 / 20;
              volumeFactor = 3;
            }
            label = k >= 0 && k < 25 ? "crash" : null;
          }
          case "pump_and_dump" -> {
            double pump = 0.004 + 0.004 * strength;
            if (k >= 0 && k < 60) {
              shock = pump;
              volumeFactor = 2 + 3.0 * k / 60;
            } else if (k >= 60 && k < 66) {
              shock = -60 * pump * 1.1 / 6;
              volumeFactor = 12;
            }
            label = k >= 0 && k < 66 ? "pump_and_dump" : null;
          }
          default -> throw new IllegalStateException("unknown stock scenario " + step.scenario());
        }
      }
      double z = random.nextGaussian();
      price *= Math.exp((drift - volatility * volatility / 2) * dt + volatility * Math.sqrt(dt) * z + shock);
      double traded = Math.max(0.01, cents(price));
      double bid = Math.max(0.01, cents(price * (1 - halfSpread)));
      double ask = Math.max(bid + 0.01, cents(price * (1 + halfSpread)));
      long volume = Math.round(baseVolume * volumeFactor * Math.exp(0.5 * random.nextGaussian()));
      Struct value = new Struct(VALUE_SCHEMA)
          .put("symbol", symbol)
          .put("price", traded)
          .put("bid", bid)
          .put("ask", cents(ask))
          .put("volume", volume)
          .put("ts", new Date(step.time()));
      return new Event(symbol, value, step.time(), label);
    }

    @Override
    public Map<String, Object> state() {
      return Map.of(PRICE_KEY, price);
    }

    @Override
    public void restore(Map<String, ?> offset) {
      if (offset.get(PRICE_KEY) instanceof Number stored) {
        price = stored.doubleValue();
      }
    }
  }

  private static double cents(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
