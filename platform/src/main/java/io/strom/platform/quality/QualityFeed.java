package io.strom.platform.quality;

import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.source.login.LoginSourceConnector;
import io.strom.source.sim.Feed;
import io.strom.source.sim.SimulatedSourceConnector;
import io.strom.source.stock.StockTickSourceConnector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One of the three simulated feeds as the quality run configures it: a finite, reproducible run
 * (fixed start time, an unpaced clock, {@code max.records}) with every scenario of the feed, the
 * ground truth out of the value ({@code ground.truth.field=false}) so that rules cannot read it.
 */
record QualityFeed(String name, String connectorClass, Supplier<SimulatedSourceConnector> connectors, Feed feed,
                   Map<String, String> props) {

  static final String START_TIME = "2026-01-01T00:00:00Z";

  /**
   * The three feeds for {@code records} records in all (35 % sensor readings, 35 % logins, 30 %
   * ticks; 20 devices, 150 users and 10 symbols, so that each has several blocks of steps and
   * most episodes have history before and after them) and {@code lateRate} of them delivered late (passed only when above 0, so that the
   * sources of a version without the option accept the config).
   */
  static List<QualityFeed> all(long seed, long records, double lateRate) {
    long iot = records * 7 / 20;
    long logins = records * 7 / 20;
    long stocks = records - iot - logins;
    return List.of(
        feed("iot", IotSensorSourceConnector.class, IotSensorSourceConnector::new, IotSensorSourceConnector.FEED,
            seed, iot, lateRate, Map.of("devices", "20", "scenario.rate", "0.15")),
        feed("logins", LoginSourceConnector.class, LoginSourceConnector::new, LoginSourceConnector.FEED,
            seed, logins, lateRate, Map.of("users", "150", "scenario.rate", "0.05")),
        feed("stocks", StockTickSourceConnector.class, StockTickSourceConnector::new, StockTickSourceConnector.FEED,
            seed, stocks, lateRate, Map.of("symbols", "AAPL,MSFT,GOOG,AMZN,NVDA,META,TSLA,JPM,V,JNJ", "scenario.rate", "0.25")));
  }

  private static QualityFeed feed(String name, Class<?> type, Supplier<SimulatedSourceConnector> connectors, Feed feed,
                                  long seed, long records, double lateRate, Map<String, String> entities) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("topic", feed.spec().defaultTopic());
    props.put("seed", Long.toString(seed));
    props.put("start.time", START_TIME);
    props.put("time.acceleration", "0");
    props.put("rate.per.second", "5000");
    props.put("max.records", Long.toString(records));
    props.put("ground.truth.field", "false");
    props.putAll(entities);
    if (lateRate > 0) {
      props.put("late.rate", Double.toString(lateRate));
    }
    return new QualityFeed(name, type.getName(), connectors, feed, props);
  }

  String topic() {
    return props.get("topic");
  }

  long records() {
    return Long.parseLong(props.get("max.records"));
  }

  /** Event-time gap between two steps of an entity. */
  long intervalMs() {
    return feed.spec().defaultIntervalMs();
  }
}
