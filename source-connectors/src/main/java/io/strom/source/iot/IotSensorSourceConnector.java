package io.strom.source.iot;

import io.strom.source.sim.Feed;
import io.strom.source.sim.FeedSpec;
import io.strom.source.sim.ScenarioSpec;
import io.strom.source.sim.SimulatedSourceConnector;
import io.strom.source.sim.SimulationConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.connector.Task;

/** Simulated environmental sensors: temperature, humidity, pressure and vibration per device. */
public final class IotSensorSourceConnector extends SimulatedSourceConnector {

  public static final String DEVICES_CONFIG = "devices";
  public static final String SITES_CONFIG = "sites";

  public static final FeedSpec SPEC = new FeedSpec("iot", "iot.readings", 1_000L, 0.02, DEVICES_CONFIG, List.of(
      new ScenarioSpec("overheat", "Temperature climbs to 45-60 °C within ten readings, whatever the hour (so it always crosses 40 °C), and stays there; vibration rises."),
      new ScenarioSpec("drift", "Pressure drifts upwards by 0.3-0.7 hPa per reading, a sensor losing calibration."),
      new ScenarioSpec("stuck", "Every value freezes at one reading (a flat line) while time goes on."),
      new ScenarioSpec("dropout", "The device goes silent for 40-80 readings; the first reading after the gap carries the label.")));

  public static final ConfigDef CONFIG_DEF = SimulationConfig.configDef(SPEC)
      .define(DEVICES_CONFIG, Type.INT, 100, Range.between(1, 1_000_000), Importance.HIGH,
          "Number of simulated devices, with ids device-00000, device-00001, ...",
          SimulationConfig.GROUP_ENTITIES, 2, Width.SHORT, "Devices")
      .define(SITES_CONFIG, Type.INT, 5, Range.between(1, 10_000), Importance.LOW,
          "Number of sites (site-00, site-01, ...) the devices are spread over.",
          SimulationConfig.GROUP_ENTITIES, 3, Width.SHORT, "Sites");

  public static final Feed FEED = new Feed(SPEC, CONFIG_DEF, IotSensorModel::new);

  public IotSensorSourceConnector() {
    super(FEED);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return IotSensorSourceTask.class;
  }
}
