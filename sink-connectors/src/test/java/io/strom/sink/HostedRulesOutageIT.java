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
  private static final TopicPartition P1 = new TopicPartition("readings", 1);
  private static final Map<String, String> CONFIG = Map.of("write.records", "false", "rules.idle.timeout.ms", "5000",
      "rules", """
          CREATE STREAM readings (device STRING KEY, n INT) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
          CREATE TABLE counts AS SELECT device, COUNT(*) AS n FROM readings
            WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT FINAL;
          """);

  private TestPostgres postgres;
  private int port;
  private Path data;

  @AfterEach
  void stopAtTheEnd() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static SinkRecord reading(long offset, long timestamp) {
    return reading(P0, offset, timestamp, "d1");
  }

  private static SinkRecord reading(TopicPartition partition, long offset, long timestamp, String device) {
    return record(partition, offset, timestamp, Schema.STRING_SCHEMA, device, new Struct(VALUE).put("n", 1));
  }

  /** A server on a fixed port and data directory, so that it can be stopped and started again. */
  private void startServer() throws IOException {
    if (data == null) {
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      data = Files.createTempDirectory("strom-outage-pg");
    }
    postgres = TestPostgres.start(port, data);
  }

  private void stopServer() {
    postgres.close();
    postgres = null;
  }

  @Test
  void windowsDoNotCloseOnTheWallClockWhileAFailedFlushIsRetried() throws IOException {
    startServer();
    try (TaskDriver task = TaskDriver.start(postgres, "outage", CONFIG)) {
      task.open(P0);
      task.put(reading(0, 1_000), reading(1, 2_000));
      task.idle(1); // flushed
      task.put(reading(2, 3_000));
      stopServer();
      assertThatThrownBy(() -> task.idle(1)).isInstanceOf(RetriableException.class);
      // paused for the retry: 30 s of empty polls are not idle input
      assertThatThrownBy(() -> task.idle(30_000)).isInstanceOf(RetriableException.class);
      startServer();
      task.put(reading(3, 4_000)); // the backlog that built up meanwhile
      task.idle(1); // the retry succeeds
      task.idle(1);
      task.idle(20_000); // now idle for real: the window closes with every record
      task.commit();
      assertThat(query(postgres, "SELECT device, n FROM counts")).containsExactly(List.of("d1", 4L));
    }
  }

  @Test
  void aWallClockOutputStillBufferedWhenItsPartitionIsRevokedIsLeftToTheNewOwner() throws IOException {
    startServer();
    try (TaskDriver first = TaskDriver.start(postgres, "revoke", CONFIG)) {
      first.open(P0, P1);
      first.put(reading(0, 1_000), reading(1, 2_000));
      first.idle(1); // flushed: P0's state holds the open window of d1
      stopServer();
      // idle long enough: d1's window closes on the wall clock with 2 records, and cannot be flushed
      assertThatThrownBy(() -> first.idle(20_000)).isInstanceOf(RetriableException.class);
      first.revoke(P0); // the commit before the revoke fails too
      startServer();
      try (TaskDriver second = TaskDriver.start(postgres, "revoke", CONFIG)) {
        second.open(P0); // restores the window with 2 records, resumes at offset 2
        assertThat(second.seeks).containsEntry(P0, 2L);
        second.put(reading(2, 3_000)); // arrived meanwhile: the new owner counts it
        second.idle(1);
        second.idle(1);
        second.idle(20_000);
        second.commit();
      }
      first.put(reading(P1, 0, 1_000, "d9")); // the first task goes on with its other partition
      first.idle(1);
      first.commit();
      assertThat(query(postgres, "SELECT device, n FROM counts")).as("the revoked task's stale output is not written")
          .containsExactly(List.of("d1", 3L));
    }
  }
}
