package io.strom.rules.data;

/** The kind of window an output belongs to. */
public enum WindowType { TUMBLING, HOPPING, SESSION }
