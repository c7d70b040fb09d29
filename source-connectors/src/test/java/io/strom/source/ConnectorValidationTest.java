package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.source.login.LoginSourceConnector;
import io.strom.source.stock.StockTickSourceConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

/** validate() puts each problem on the field it belongs to; start() refuses what validate() flags. */
class ConnectorValidationTest {

  private static Map<String, List<String>> errors(SourceConnector connector, Map<String, String> props) {
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigValue value : connector.validate(props).configValues()) {
      if (!value.errorMessages().isEmpty()) {
        errors.put(value.name(), value.errorMessages());
      }
    }
    return errors;
  }

  @Test
  void aValidConfigHasNoErrors() {
    assertThat(errors(new IotSensorSourceConnector(), Map.of("tasks.max", "3"))).isEmpty();
    assertThat(errors(new LoginSourceConnector(), Map.of("scenarios", "brute_force:0.1,impossible_travel"))).isEmpty();
    assertThat(errors(new StockTickSourceConnector(), Map.of("symbols", "ABC,DEF.X"))).isEmpty();
  }

  @Test
  void singleFieldProblemsNameTheirField() {
    assertThat(errors(new IotSensorSourceConnector(), Map.of("rate.per.second", "-5")))
        .containsOnlyKeys("rate.per.second");
    assertThat(errors(new IotSensorSourceConnector(), Map.of("scenarios", "overheat,meltdown")))
        .containsOnlyKeys("scenarios").extractingByKey("scenarios").asString().contains("meltdown");
    assertThat(errors(new LoginSourceConnector(), Map.of("topic", "bad topic!"))).containsOnlyKeys("topic");
    assertThat(errors(new LoginSourceConnector(), Map.of("start.time", "yesterday"))).containsOnlyKeys("start.time");
    assertThat(errors(new StockTickSourceConnector(), Map.of("symbols", "AAPL,aapl"))).containsOnlyKeys("symbols");
    assertThat(errors(new StockTickSourceConnector(), Map.of("max.records", "-1"))).containsOnlyKeys("max.records");
    assertThat(errors(new StockTickSourceConnector(), Map.of("scenarios", "spike:1.5"))).containsOnlyKeys("scenarios");
    assertThat(errors(new IotSensorSourceConnector(), Map.of("late.rate", "1.5"))).containsOnlyKeys("late.rate");
    assertThat(errors(new LoginSourceConnector(), Map.of("max.delay.ms", "-1"))).containsOnlyKeys("max.delay.ms");
    assertThat(errors(new StockTickSourceConnector(), Map.of("late.rate", "0.05", "max.delay.ms", "30000"))).isEmpty();
  }

  @Test
  void keysNobodyDefinesAreFlaggedWithTheNearestOwnKeyWhileConnectsOwnPass() {
    Map<String, String> props = new HashMap<>();
    props.put("name", "iot");
    props.put("connector.class", IotSensorSourceConnector.class.getName());
    props.put("exactly.once.support", "required");
    props.put("transaction.boundary", "poll");
    props.put("value.converter", "io.strom.avro.AvroConverter");
    props.put("value.converter.schema.registry.url", "http://registry:8081");
    props.put("producer.override.linger.ms", "5");
    props.put("transforms", "hot");
    props.put("transforms.hot.type", "io.strom.smt.RuleMatches");
    props.put("rate.per.secnd", "10");
    props.put("poll.interval.ms", "10");

    Map<String, List<String>> errors = errors(new IotSensorSourceConnector(), props);

    assertThat(errors).containsOnlyKeys("rate.per.secnd", "poll.interval.ms");
    assertThat(errors.get("rate.per.secnd")).containsExactly("unknown key: no Strom plugin, converter or Kafka "
        + "Connect itself defines rate.per.secnd; did you mean rate.per.second?");
    assertThat(errors.get("poll.interval.ms")).singleElement().asString().startsWith("unknown key");
  }

  @Test
  void moreTasksThanEntitiesIsReportedOnTasksMaxAndTheEntityKey() {
    Map<String, List<String>> errors = errors(new StockTickSourceConnector(), Map.of("symbols", "A,B", "tasks.max", "3"));
    assertThat(errors).containsOnlyKeys("tasks.max", "symbols");
    assertThat(errors.get("symbols").get(0)).contains("tasks.max is 3").contains("only 2");
  }

  @Test
  void scenarioRatesAddingUpToMoreThanOneAreRejected() {
    Map<String, String> props = Map.of("scenarios", "overheat:0.6,drift:0.6");
    assertThat(errors(new IotSensorSourceConnector(), props)).containsKeys("scenarios");
    IotSensorSourceConnector connector = new IotSensorSourceConnector();
    assertThatThrownBy(() -> connector.start(props)).isInstanceOf(ConfigException.class).hasMessageContaining("more than 1");
  }

  @Test
  void alterOffsetsAcceptsOnlyOffsetsTheConnectorCouldHaveWritten() {
    StockTickSourceConnector connector = new StockTickSourceConnector();
    Map<String, ?> partition = Map.of("entity", "AAPL");
    Map<String, Object> good = Map.of("seq", 10L, "emitted", 10, "start", 1_767_225_600_000L, "price", 101.5);
    assertThat(connector.alterOffsets(Map.of(), Map.of(partition, good))).isTrue();
    Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
    reset.put(partition, null);
    assertThat(connector.alterOffsets(Map.of(), reset)).isTrue();
    assertThatThrownBy(() -> connector.alterOffsets(Map.of(), Map.of(partition, Map.of("seq", -1L, "emitted", 0L, "start", 0L))))
        .isInstanceOf(ConnectException.class).hasMessageContaining("'seq'");
    assertThatThrownBy(() -> connector.alterOffsets(Map.of(), Map.of(Map.of("symbol", "AAPL"), good)))
        .isInstanceOf(ConnectException.class).hasMessageContaining("'entity'");
  }

  @Test
  void everyConnectorSupportsExactlyOnce() {
    assertThat(new IotSensorSourceConnector().exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    assertThat(new LoginSourceConnector().exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    assertThat(new StockTickSourceConnector().exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
  }
}
