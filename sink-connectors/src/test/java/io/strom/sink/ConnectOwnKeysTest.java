package io.strom.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.connect.common.ForeignKeys;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.junit.jupiter.api.Test;

/** ForeignKeys' list of Connect's own keys against the runtime's connector ConfigDefs. */
class ConnectOwnKeysTest {

  @Test
  void everyKeyOfConnectsConnectorConfigsCountsAsConnectsOwn() {
    Set<String> runtime = new TreeSet<>(SinkConnectorConfig.configDef().names());
    runtime.addAll(SourceConnectorConfig.configDef().names());
    assertThat(runtime).allSatisfy(key -> assertThat(ForeignKeys.isConnectKey(key)).as(key).isTrue());
    assertThat(runtime).containsAll(ForeignKeys.CONNECT_KEYS);
  }
}
