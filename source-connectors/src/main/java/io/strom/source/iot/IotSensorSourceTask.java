package io.strom.source.iot;

import io.strom.source.sim.SimulatedSourceTask;

/** Writes the readings of its share of the devices. */
public final class IotSensorSourceTask extends SimulatedSourceTask {

  public IotSensorSourceTask() {
    super(IotSensorSourceConnector.FEED);
  }
}
