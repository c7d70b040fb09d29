/**
 * {@code ./strom demo}: {@link io.strom.platform.demo.DemoCommand} reads {@code config/}
 * ({@link io.strom.platform.demo.DemoConfig}), has {@link io.strom.platform.demo.DemoPlatform} start
 * the servers of {@code io.strom.platform.process} and register the connectors, and shows what flows
 * through the monitor of {@code io.strom.platform.monitor}.
 */
package io.strom.platform.demo;
