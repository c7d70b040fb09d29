package io.strom.source.sim;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Everything the shared connector and task need from one feed.
 *
 * @param spec the feed's fixed facts
 * @param configDef the shared keys plus the feed's own
 * @param models builds the feed's model from a parsed config
 */
public record Feed(FeedSpec spec, ConfigDef configDef, Function<SimulationConfig, FeedModel> models) {

  /** The config of a connector or task of this feed. */
  public SimulationConfig parse(Map<String, String> props) {
    return new SimulationConfig(spec, configDef, props);
  }
}
