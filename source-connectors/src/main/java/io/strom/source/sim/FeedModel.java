package io.strom.source.sim;

import java.util.List;
import org.apache.kafka.connect.data.Schema;

/** A feed's model for one run, built from its parsed config. */
public interface FeedModel {

  /** Every entity of the feed, in a fixed order (the order {@code max.records} is spread in). */
  List<String> entityIds();

  /** The schema of every record value. */
  Schema valueSchema();

  /** Steps per block: a scenario episode lives within one block of an entity's steps. */
  int blockLength();

  /** A fresh generator for one entity, positioned before its first step. */
  EntityGenerator generator(String entityId);
}
