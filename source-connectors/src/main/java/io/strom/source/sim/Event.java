package io.strom.source.sim;

import org.apache.kafka.connect.data.Struct;

/**
 * What one step produces.
 *
 * @param key the record key (device id, IP, symbol)
 * @param value the record value
 * @param timestamp event time, in epoch milliseconds
 * @param scenario the ground-truth label, or null when the record belongs to no scenario
 */
public record Event(String key, Struct value, long timestamp, String scenario) {}
