package io.strom.platform.quality;

/**
 * A record a rule got too late, as one row of the late-records table has it: {@code id} is the
 * record's place in Kafka (topic, partition, offset), so the rows of a record that missed two
 * hopping windows count it once; {@code key} and {@code eventTime} find it in the regenerated feed.
 */
record LateRecord(String rule, String topic, String id, String key, long eventTime, long lateByMs) {}
