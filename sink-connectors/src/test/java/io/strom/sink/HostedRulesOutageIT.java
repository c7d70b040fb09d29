package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.TaskDriver.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.testkit.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idle-window closing while PostgreSQL is down: the task retries its flush, the consumer is paused,
 * and the empty polls of that time are no sign of idle input. The real server is stopped and
 * started again on the same port and data directory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostedRulesOutageIT {

  private static final Schema VALUE = SchemaBuilder.struct().name("reading").field("n", Schema.INT32_SCHEMA).build();
  private static final TopicPartition P0 = new TopicPartition("readings", 0);

  private TestPostgres postgres;

  @AfterEach
  void stopServer() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static SinkRecord reading(long offset, long timestamp) {
    return record(P0, offset, timestamp, Schema.STRING_SCHEMA, "d1", new Struct(VALUE).put("n", 1));
  }

  @Test
  void windowsDoNotCloseOnTheWallClockWhileAFailedFlushIsRetried() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path data = Files.createTempDirectory("strom-outage-pg");
    postgres = TestPostgres.start(port, data);
    try (TaskDriver task = TaskDriver.start(postgres, "outage", Map.of("write.records", "false",
        "rules.idle.timeout.ms", "5000", "rules", """
            CREATE STREAM readings (device STRING KEY, n INT) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
            CREATE TABLE counts AS SELECT device, COUNT(*) AS n FROM readings
              WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT FINAL;
            """))) {
      task.open(P0);
      task.put(reading(0, 1_000), reading(1, 2_000));
      task.idle(1); // flushed
      task.put(reading(2, 3_000));
      postgres.close();
      postgres = null;
      assertThatThrownBy(() -> task.idle(1)).isInstanceOf(RetriableException.class);
      // paused for the retry: 30 s of empty polls are not idle input
      assertThatThrownBy(() -> task.idle(30_000)).isInstanceOf(RetriableException.class);
      postgres = TestPostgres.start(port, data);
      task.put(reading(3, 4_000)); // the backlog that built up meanwhile
      task.idle(1); // the retry succeeds
      task.idle(1);
      task.idle(20_000); // now idle for real: the window closes with every record
      task.commit();
      assertThat(query(postgres, "SELECT device, n FROM counts")).containsExactly(List.of("d1", 4L));
    }
  }
}
