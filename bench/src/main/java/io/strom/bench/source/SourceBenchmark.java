package io.strom.bench.source;

import io.strom.bench.Rounds;
import io.strom.bench.Benchmark;
import io.strom.bench.Report;
import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.source.sim.Simulation;
import io.strom.testkit.ConnectClusters;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * {@code ./strom bench source}: records/s of one IoT source task into an embedded broker through a
 * real Connect worker with exactly-once source support, against a plain KafkaProducer in the same
 * process that drives the same simulation and serializes with the same converters (String keys,
 * JSON values with schemas, Connect's header converter). The ratio is the cost of Connect, its
 * exactly-once transactions (interval boundaries of 1 s, as docs/connectors.md advises for high
 * rates) and the task's pacing. A Connect run ends when its last record is committed, not merely
 * acknowledged. Args: [records per run] [measured iterations].
 */
public final class SourceBenchmark implements Benchmark {

  private static final int PARTITIONS = 3;
  private static final int PRODUCER_BATCH_BYTES = 262_144;
  private static final int RECORDS_PER_TRANSACTION = 2_000;
  /** Transactions spanning a second of polls, as docs/connectors.md advises for high rates. */
  private static final String TRANSACTION_INTERVAL_MS = "1000";

  @Override
  public String name() {
    return "source";
  }

  @Override
  public String description() {
    return "IoT source task (Connect, exactly once) vs plain KafkaProducer, same generator and converter";
  }

  @Override
  public void run(List<String> args) throws Exception {
    // The testkit jar on this classpath ships log4j2-test.xml, which log4j prefers: keep the CLI's
    // log4j2.xml (warnings to stderr) so that stdout carries only the results.
    System.setProperty("log4j2.configurationFile", "log4j2.xml");
    int records = args.size() > 0 ? Integer.parseInt(args.get(0)) : 100_000;
    int iterations = args.size() > 1 ? Integer.parseInt(args.get(1)) : 3;
    EmbeddedConnectCluster connect = cluster();
    try {
      startQuietly(connect);
      System.err.printf("source bench: %,d records per run, 1 warm-up + %d measured iterations each%n", records, iterations);
      List<Double> viaConnect = new ArrayList<>();
      List<Double> rawProducer = new ArrayList<>();
      List<Double> rawTransactional = new ArrayList<>();
      for (int i = 0; i <= iterations; i++) {
        double c = connectRun(connect, "bench-connect-" + i, records);
        double r = producerRun(connect, "bench-raw-" + i, records, false);
        double t = producerRun(connect, "bench-raw-tx-" + i, records, true);
        System.err.printf(Locale.ROOT, "  %s %d: connect %.0f/s, producer %.0f/s, transactional producer %.0f/s%n",
            i == 0 ? "warm-up" : "iteration", i, c, r, t);
        if (i > 0) {
          viaConnect.add(c);
          rawProducer.add(r);
          rawTransactional.add(t);
        }
      }
      double connectMedian = Rounds.median(viaConnect);
      double rawMedian = Rounds.median(rawProducer);
      double txMedian = Rounds.median(rawTransactional);
      System.out.println();
      System.out.println("source: records/s, one task / one producer, median of " + iterations + " runs of " + records
          + " IoT records (JSON with schema, ~1 KB), 3 partitions, producer batch.size " + PRODUCER_BATCH_BYTES);
      System.out.printf(Locale.ROOT, "  %-58s %12.0f%n", "Connect source task (exactly once, transaction per " + TRANSACTION_INTERVAL_MS + " ms)", connectMedian);
      System.out.printf(Locale.ROOT, "  %-58s %12.0f%n", "plain KafkaProducer (baseline)", rawMedian);
      System.out.printf(Locale.ROOT, "  %-58s %12.0f%n", "transactional KafkaProducer, commit per 2,000 (reference)", txMedian);
      Report.ratioOverRounds("source-vs-raw-producer", Rounds.ratios(viaConnect, rawProducer));
      Report.ratioOverRounds("source-vs-transactional-producer", Rounds.ratios(viaConnect, rawTransactional));
      Report.metric("source-records-per-s", connectMedian, "records/s");
    } finally {
      connect.stop();
    }
  }

  /** Starts the cluster with Kafka's storage-format chatter on stderr, so stdout carries only results. */
  private static void startQuietly(EmbeddedConnectCluster connect) {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      connect.start();
    } finally {
      System.setOut(stdout);
    }
  }

  /** One broker (transactions on a single replica) and one worker with exactly-once source support. */
  private static EmbeddedConnectCluster cluster() {
    Map<String, String> workerProps = ConnectClusters.defaultWorkerProps();
    workerProps.put("exactly.once.source.support", "enabled");
    Properties brokerProps = new Properties();
    brokerProps.put("transaction.state.log.replication.factor", "1");
    brokerProps.put("transaction.state.log.min.isr", "1");
    return new EmbeddedConnectCluster.Builder()
        .name("source-bench").numWorkers(1).numBrokers(1)
        .workerProps(workerProps).brokerProps(brokerProps).build();
  }

  /** The simulation both sides run: 100 devices, unpaced, a fixed start, {@code records} records. */
  private static Map<String, String> feedConfig(String topic, int records) {
    Map<String, String> config = new HashMap<>();
    config.put("topic", topic);
    config.put("start.time", "2026-01-01T00:00:00Z");
    config.put("time.acceleration", "0");
    config.put("rate.per.second", "1000000000");
    config.put("max.records", Integer.toString(records));
    return config;
  }

  /**
   * Steady-state records/s of the Connect task, from the first record the worker wrote to the last
   * (its {@code source-record-write-total} metric, read over JMX in this process: polling the
   * REST offsets endpoint instead would start a consumer per call and slow the task under test).
   */
  private static double connectRun(EmbeddedConnectCluster connect, String name, int records) throws Exception {
    createTopic(connect, name);
    Map<String, String> config = feedConfig(name, records);
    config.put("connector.class", IotSensorSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("key.converter", StringConverter.class.getName());
    config.put("value.converter", JsonConverter.class.getName());
    config.put("value.converter.schemas.enable", "true");
    // Connect's producers keep one request in flight: bigger producer batches (the baselines get
    // the same) and polls of 2,000 records carry more records per round trip.
    config.put("producer.override.batch.size", Integer.toString(PRODUCER_BATCH_BYTES));
    config.put("batch.size", Integer.toString(RECORDS_PER_TRANSACTION));
    // One transaction per second of polls, not one per poll: each commit drains the producer and
    // writes every entity's offset, and per-poll commits kept the task blocked ~40% of its time.
    config.put("transaction.boundary", "interval");
    config.put("transaction.boundary.interval.ms", TRANSACTION_INTERVAL_MS);
    connect.configureConnector(name, config);
    ObjectName taskMetrics = new ObjectName("kafka.connect:type=source-task-metrics,connector=" + name + ",task=0");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long firstSeen = 0;
    double firstCount = 0;
    long deadline = System.nanoTime() + 600_000_000_000L;
    try (Admin admin = admin(connect)) {
      while (System.nanoTime() < deadline) {
        double written = server.isRegistered(taskMetrics)
            ? ((Number) server.getAttribute(taskMetrics, "source-record-write-total")).doubleValue() : 0;
        long now = System.nanoTime();
        if (written > 0 && firstSeen == 0) {
          firstSeen = now;
          firstCount = written;
        }
        // The write metric counts acknowledged records; the run ends when they are committed too.
        if (written >= records && noOpenTransaction(admin, name)) {
          now = System.nanoTime();
          connect.deleteConnector(name);
          deleteTopic(connect, name);
          return (records - firstCount) / ((now - firstSeen) / 1e9);
        }
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException("connector " + name + " did not finish within 10 minutes");
  }

  /** True when every partition's last stable offset is its end: no transaction is open on it. */
  private static boolean noOpenTransaction(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get();
    Map<TopicPartition, ListOffsetsResultInfo> stable =
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
    return latest.keySet().stream().allMatch(tp -> end.get(tp).offset() == stable.get(tp).offset());
  }

  private static Admin admin(EmbeddedConnectCluster connect) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers()));
  }

  /** Records/s of a KafkaProducer sending what the same simulation generates, converted the same way. */
  private static double producerRun(EmbeddedConnectCluster connect, String topic, int records, boolean transactional)
      throws Exception {
    createTopic(connect, topic);
    IotSensorSourceConnector connector = new IotSensorSourceConnector();
    connector.start(feedConfig(topic, records));
    Map<String, String> taskConfig = connector.taskConfigs(1).get(0);
    StringConverter keys = new StringConverter();
    keys.configure(Map.of(), true);
    JsonConverter values = new JsonConverter();
    values.configure(Map.of("schemas.enable", "true"), false);
    SimpleHeaderConverter headers = new SimpleHeaderConverter();
    headers.configure(Map.of());
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES);
    if (transactional) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic);
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      if (transactional) {
        producer.initTransactions();
      }
      long start = System.nanoTime();
      Simulation simulation = Simulation.forTask(IotSensorSourceConnector.FEED, taskConfig, partitions -> Map.of());
      while (!simulation.finished()) {
        List<SourceRecord> batch = simulation.poll(RECORDS_PER_TRANSACTION, Long.MAX_VALUE);
        if (transactional) {
          producer.beginTransaction();
        }
        for (SourceRecord record : batch) {
          RecordHeaders recordHeaders = new RecordHeaders();
          for (Header header : record.headers()) {
            recordHeaders.add(header.key(), headers.fromConnectHeader(topic, header.key(), header.schema(), header.value()));
          }
          producer.send(new ProducerRecord<>(topic, null, record.timestamp(),
              keys.fromConnectData(topic, record.keySchema(), record.key()),
              values.fromConnectData(topic, record.valueSchema(), record.value()), recordHeaders));
        }
        if (transactional) {
          producer.commitTransaction();
        }
      }
      producer.flush();
      double perSecond = records / ((System.nanoTime() - start) / 1e9);
      deleteTopic(connect, topic);
      return perSecond;
    }
  }

  private static void createTopic(EmbeddedConnectCluster connect, String topic) {
    // Event times start in 2026-01: keep them, time-based retention would delete them at once.
    connect.kafka().createTopic(topic, PARTITIONS, 1, Map.of("retention.ms", "-1"));
    // One acknowledged probe per partition: a fresh partition's leader answers NOT_LEADER for a
    // moment, and an idempotent producer with 5 requests in flight then stalls on sequence retries.
    for (int partition = 0; partition < PARTITIONS; partition++) {
      connect.kafka().produce(topic, partition, "probe", "probe");
    }
  }

  /** Runs write hundreds of MB; drop each topic once measured so the disk stays small. */
  private static void deleteTopic(EmbeddedConnectCluster connect, String topic) throws Exception {
    try (Admin admin = admin(connect)) {
      admin.deleteTopics(Set.of(topic)).all().get();
    }
  }
}
