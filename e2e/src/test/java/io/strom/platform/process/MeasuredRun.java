package io.strom.platform.process;

import java.util.List;

/**
 * What {@link Figures} watches of a fault run: how far its input got into PostgreSQL, the sink's
 * lag, and which connectors must all run again on live workers for the run to count as recovered.
 * {@link FaultRun} (the simulated source into the sink) and {@link EnrichmentRun} (a producer into
 * the enrichment joins) are the two kinds.
 */
interface MeasuredRun {

  String name();

  /** Input records the run feeds in all. */
  long records();

  /** Input records the sink has stored so far (its progress), or -1 while that cannot be read. */
  long landed();

  /** The sink's consumer lag summed over its partitions, or -1 when the broker does not answer. */
  long sinkLag();

  /** Input records produced so far, or -1 when the broker does not answer. */
  long produced();

  /** Every connector whose tasks must all be RUNNING on live workers. */
  List<String> connectors();

  /**
   * The exactly-once source connector whose FAILED tasks are restarted as an operator would
   * (docs/reliability.md, Known limits), or null when the input comes from a plain producer.
   */
  String sourceConnector();

  /** Task states of the run's connectors, for failure messages. */
  String statuses();
}
