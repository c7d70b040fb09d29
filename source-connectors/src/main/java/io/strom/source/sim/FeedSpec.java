package io.strom.source.sim;

import java.util.List;

/**
 * The fixed facts of a feed that its config and documentation derive from.
 *
 * @param name short name (iot, logins, stocks)
 * @param defaultTopic the {@code topic} default
 * @param defaultIntervalMs the {@code event.interval.ms} default: event-time gap between an entity's steps
 * @param defaultScenarioRate the {@code scenario.rate} default
 * @param entitiesConfig the feed's key that defines its entities (the one {@code tasks.max} is checked against)
 * @param scenarios every scenario the feed can play, in documentation order
 */
public record FeedSpec(
    String name,
    String defaultTopic,
    long defaultIntervalMs,
    double defaultScenarioRate,
    String entitiesConfig,
    List<ScenarioSpec> scenarios) {}
