package io.strom.platform.process;

/** How the demo's child processes write their log files ({@code ./strom demo --log-format}). */
public enum LogFormat {
  /** One line of text per event, as Kafka's own scripts log. */
  TEXT,
  /** One JSON object per line (log4j2's JsonTemplateLayout), for log shippers. */
  JSON
}
