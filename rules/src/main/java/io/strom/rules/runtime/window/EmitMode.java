package io.strom.rules.runtime.window;

/** When aggregate results go out: on every change, or once per window when it closes. */
public enum EmitMode {
  /** One update per record and affected window (no caching), plus tombstones for merged sessions. */
  CHANGES,
  /** One result per window, once stream time reaches its close ({@code end + grace}). */
  FINAL
}
