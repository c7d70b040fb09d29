/**
 * The servers {@code ./strom demo} launches, each its own operating-system process started from
 * this JVM's class path: {@link io.strom.platform.process.KafkaBroker},
 * {@link io.strom.platform.process.ConnectWorker}, {@link io.strom.platform.process.SchemaRegistry}
 * and {@link io.strom.platform.process.PostgresProcess} (whose child runs
 * {@link io.strom.platform.process.PostgresSupervisorMain}), the plumbing they share
 * ({@link io.strom.platform.process.JavaProcess}, class paths, ports, log and properties files) and
 * the clients through which the others reach them (Connect's REST API, a worker's JMX metrics,
 * Kafka's admin client, JDBC). Nothing here knows the demo's config/ or its live view.
 */
package io.strom.platform.process;
