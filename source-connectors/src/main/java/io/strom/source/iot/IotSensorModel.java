package io.strom.source.iot;

import io.strom.source.sim.DeterministicRandom;
import io.strom.source.sim.EntityGenerator;
import io.strom.source.sim.Event;
import io.strom.source.sim.FeedModel;
import io.strom.source.sim.Simulation;
import io.strom.source.sim.SimulationConfig;
import io.strom.source.sim.Step;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Sensor readings: a daily temperature cycle (warmest mid-afternoon), humidity moving against it,
 * a semi-diurnal pressure tide, vibration higher in working hours, each with per-device bias and
 * noise. Pure in (seed, device, step).
 */
final class IotSensorModel implements FeedModel {

  static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
      .name("io.strom.iot.SensorReading").version(1)
      .doc("One reading of an environmental sensor device.")
      .field("device_id", SchemaBuilder.string().doc("Device id, e.g. device-00042; also the record key.").build())
      .field("site", SchemaBuilder.string().doc("Site the device is installed at, e.g. site-03.").build())
      .field("ts", Timestamp.builder().doc("Event time of the reading (also the record timestamp).").build())
      .field("temperature", SchemaBuilder.float64().doc("Air temperature in degrees Celsius.").build())
      .field("humidity", SchemaBuilder.float64().doc("Relative humidity in percent (0-100).").build())
      .field("pressure", SchemaBuilder.float64().doc("Air pressure in hPa.").build())
      .field("vibration", SchemaBuilder.float64().doc("Vibration velocity in mm/s RMS.").build())
      .field(Simulation.SCENARIO_FIELD, Simulation.scenarioFieldSchema())
      .build();

  private static final int BLOCK_LENGTH = 120;
  private static final double HOUR_MS = 3_600_000.0;

  private final long seed;
  private final int sites;
  private final List<String> devices;

  IotSensorModel(SimulationConfig config) {
    this.seed = config.seed();
    this.sites = config.getInt(IotSensorSourceConnector.SITES_CONFIG);
    int count = config.getInt(IotSensorSourceConnector.DEVICES_CONFIG);
    this.devices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      devices.add(String.format("device-%05d", i));
    }
  }

  @Override
  public List<String> entityIds() {
    return devices;
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
  public EntityGenerator generator(String deviceId) {
    return new Device(deviceId);
  }

  private final class Device extends EntityGenerator {
    private final String id;
    private final String site;
    private final double temperatureBias;
    private final double humidityBias;
    private final double pressureBias;
    private final double vibrationBase;

    Device(String id) {
      this.id = id;
      SplittableRandom traits = DeterministicRandom.forTraits(seed, id);
      this.site = String.format("site-%02d", traits.nextInt(sites));
      this.temperatureBias = traits.nextGaussian() * 0.8;
      this.humidityBias = traits.nextGaussian() * 3.0;
      this.pressureBias = traits.nextGaussian() * 1.5;
      this.vibrationBase = 0.5 + 1.5 * traits.nextDouble();
    }

    @Override
    public Event generate(Step step) {
      if (step.scenario() == null) {
        return event(step.time(), normal(step.time(), step.random()), null);
      }
      SplittableRandom episode = step.blockRandom();
      int begin = episode.nextInt(40);
      int length = 40 + episode.nextInt(41);
      double strength = episode.nextDouble();
      int k = step.position() - begin;
      boolean active = k >= 0 && k < length;
      double[] values = normal(step.time(), step.random());
      String label = active ? step.scenario() : null;
      switch (step.scenario()) {
        case "overheat" -> {
          if (active) {
            // Heat up over ten readings to 45-60 °C, whatever the hour: an overheat crosses 40 °C.
            // (It used to add 20-35 °C to the daily cycle, so a cool night stayed below 40 °C.)
            double target = 45 + 15 * strength;
            values[0] += Math.min(1.0, (k + 1) / 10.0) * (target - meanTemperature(step.time()));
            values[3] *= 1.6;
          }
        }
        case "drift" -> {
          if (active) {
            values[2] += (k + 1) * (0.3 + 0.4 * strength);
          }
        }
        case "stuck" -> {
          if (active) {
            long frozenSeq = step.seq() - k;
            long frozenTime = step.time() - (long) k * step.intervalMs();
            values = normal(frozenTime, DeterministicRandom.forStep(seed, id, frozenSeq));
          }
        }
        case "dropout" -> {
          if (active) {
            return null;
          }
          label = k == length ? step.scenario() : null;
        }
        default -> throw new IllegalStateException("unknown iot scenario " + step.scenario());
      }
      return event(step.time(), values, label);
    }

    /** The device's temperature without noise at event time {@code time}: the daily cycle. */
    private double meanTemperature(long time) {
      double hour = (time % 86_400_000L) / HOUR_MS;
      return 21 + temperatureBias + 4 * Math.sin(2 * Math.PI * (hour - 9) / 24);
    }

    /** temperature, humidity, pressure, vibration at event time {@code time}. */
    private double[] normal(long time, SplittableRandom random) {
      double hour = (time % 86_400_000L) / HOUR_MS;
      double daily = Math.sin(2 * Math.PI * (hour - 9) / 24);
      double temperature = meanTemperature(time) + 0.25 * random.nextGaussian();
      double humidity = Math.max(0, Math.min(100, 50 + humidityBias - 10 * daily + random.nextGaussian()));
      double pressure = 1013.25 + pressureBias + 1.2 * Math.sin(2 * Math.PI * hour / 12) + 0.4 * random.nextGaussian();
      double working = hour >= 8 && hour < 18 ? 0.6 : 0;
      double vibration = (vibrationBase + working) * (1 + 0.2 * Math.abs(random.nextGaussian()));
      return new double[] {temperature, humidity, pressure, vibration};
    }

    private Event event(long time, double[] values, String label) {
      Struct value = new Struct(VALUE_SCHEMA)
          .put("device_id", id)
          .put("site", site)
          .put("ts", new Date(time))
          .put("temperature", round(values[0], 100))
          .put("humidity", round(values[1], 10))
          .put("pressure", round(values[2], 100))
          .put("vibration", round(values[3], 1000));
      return new Event(id, value, time, label);
    }
  }

  private static double round(double value, double scale) {
    return Math.round(value * scale) / scale;
  }
}
