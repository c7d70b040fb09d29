package io.strom.source.sim;

/**
 * One labelled scenario a feed can play: {@code name} is both the value of the {@code scenarios}
 * config entry and the ground-truth label carried by the records it produces.
 */
public record ScenarioSpec(String name, String description) {}
