package io.strom.source.stock;

import io.strom.source.sim.SimulatedSourceTask;

/** Writes the ticks of its share of the symbols. */
public final class StockTickSourceTask extends SimulatedSourceTask {

  public StockTickSourceTask() {
    super(StockTickSourceConnector.FEED);
  }
}
