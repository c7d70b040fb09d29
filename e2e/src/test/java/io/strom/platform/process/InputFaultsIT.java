package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input the sink cannot write, and a sink that cannot write for a while: bad records injected
 * mid-run must all reach the DLQ with their reason while the rest of the output stays exactly
 * the reference; with the sink's table locked for 20 s under full-rate sources, the workers' heap
 * must stay bounded, the lag grow and drain, and nothing be lost.
 */
@Timeout(600)
class InputFaultsIT {

  private static final int S = FaultPlatform.SCALE;
  private static final String REASON_HEADER = "__connect.errors.exception.message";
  @RegisterExtension
  static final FaultBed bed = new FaultBed(2);

  @Test
  void everyBadRecordReachesTheDlqWithItsReasonAndTheRestIsUnchanged() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "bad_input", 301, 3000L * S, 100);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 2, Duration.ofSeconds(120));
    List<String> bad = BadRecords.inject(bed.platform(), run.topic, 5 * S);
    try {
      run.awaitAll(Duration.ofSeconds(180L * S), figures::sample);
    } catch (AssertionError stalled) {
      // Name the readings that never landed (the comparison fails first with examples).
      Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database).without("bad-"));
      throw stalled;
    }

    List<ConsumerRecord<byte[], byte[]>> dlq = readDlq(run, bad.size());
    Map<String, Integer> perKey = new TreeMap<>();
    Map<String, Integer> perKind = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      String key = r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8);
      perKey.merge(key, 1, Integer::sum);
      perKind.merge(key.replaceAll("^bad-(.*)-\\d+$", "$1"), 1, Integer::sum);
      Header reason = r.headers().lastHeader(REASON_HEADER);
      assertThat(reason).as("DLQ record %s has a %s header", key, REASON_HEADER).isNotNull();
    }
    perKind.forEach((kind, n) -> figures.print("dlq_" + kind, n));
    figures.print("dlq_total", dlq.size());
    figures.print("bad_records", bad.size());
    assertThat(perKey.keySet()).as("keys in the DLQ: the bad records, each of them").containsExactlyInAnyOrderElementsOf(bad);
    // No worker fails in this run, so nothing is dead-lettered twice (a wrong type fails the rule and the row).
    assertThat(perKey).as("DLQ entries per bad record").allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database).without("bad-"));
    figures.printCommon();
    run.delete();
  }

  @Test
  void aLockedTableHoldsTheSinkBackWithBoundedHeapAndLosesNothing() throws Exception {
    FaultRun run = new FaultRun(bed.platform(), "backpressure", 302, 8000L * S, 400);
    Reference expected = Reference.of(run);
    Figures figures = new Figures(run, bed.platform());
    run.start();
    run.awaitLanded(run.records / 8, Duration.ofSeconds(120));
    figures.sample();
    long lagBefore = figures.lagPeak();

    long lockedAt = System.nanoTime();
    try (Connection c = bed.platform().postgres().connect(run.database); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("LOCK TABLE readings IN ACCESS EXCLUSIVE MODE");
      while (System.nanoTime() - lockedAt < Duration.ofSeconds(20).toNanos()) {
        figures.sample();
        FaultPlatform.sleep(1000);
      }
      c.commit();
    }
    long lagWhileLocked = figures.lagPeak();
    long released = System.nanoTime();
    run.awaitAll(Duration.ofSeconds(180L * S), figures::sample);
    figures.print("drained_after_unlock", Figures.seconds(Duration.ofNanos(System.nanoTime() - released)));

    Tables.assertSame(run.name, expected, Tables.read(bed.platform().postgres(), run.database));
    figures.printCommon();
    assertThat(lagWhileLocked).as("sink lag while the table was locked (before: %d)", lagBefore).isGreaterThan(lagBefore);
    // Bounded: the workers run with -Xmx768m; a sink that buffered without limit would reach it.
    assertThat(figures.heapPeak()).as("worker heap peak").isPositive().isLessThan(512L * 1024 * 1024);
    run.delete();
  }

  private static List<ConsumerRecord<byte[], byte[]>> readDlq(FaultRun run, int atLeast) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bed.platform().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, run.name + "-dlq-check",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(run.dlqTopic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int emptyPolls = 0;
      // Read until at least every bad record is there and then a few empty polls (a doubled entry shows too).
      while (System.nanoTime() < deadline && (records.size() < atLeast || emptyPolls < 3)) {
        int before = records.size();
        consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        emptyPolls = records.size() == before ? emptyPolls + 1 : 0;
      }
    }
    return records;
  }
}
