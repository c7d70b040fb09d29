package io.strom.platform.quality;

/**
 * One output row of a scored rule: its entity and its event time, a point ({@code from == to},
 * the row's {@code ts}) for a stream rule, the window {@code [window_start, window_end)} for a
 * windowed table rule.
 */
record Alert(String rule, String entity, long from, long to) {}
