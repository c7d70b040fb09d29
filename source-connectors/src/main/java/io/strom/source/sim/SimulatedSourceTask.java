package io.strom.source.sim;

import io.strom.connect.common.PluginVersion;
import io.strom.connect.common.TaskMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task side shared by every simulated feed: resumes its entities from their stored offsets,
 * then writes their records paced by the simulated clock and the token bucket. A poll returns at
 * most one batch, so a slow broker (the producer blocking Connect's send) never grows memory.
 */
public abstract class SimulatedSourceTask extends SourceTask {

  private static final Logger log = LoggerFactory.getLogger(SimulatedSourceTask.class);
  /** Longest a poll waits for the clock or the bucket, so that stop() is honoured quickly. */
  private static final long MAX_WAIT_MS = 100;

  private final Feed feed;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private Simulation simulation;
  private TokenBucket bucket;
  private SimulatedClock clock;
  private int batchSize;
  private long firstEventTime;
  private boolean reportedFinish;

  protected SimulatedSourceTask(Feed feed) {
    this.feed = feed;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    SimulationConfig config = feed.parse(props);
    simulation = Simulation.forTask(feed, props, partitions -> context.offsetStorageReader().offsets(partitions));
    batchSize = config.batchSize();
    bucket = new TokenBucket(config.ratePerSecond(), Math.min(config.ratePerSecond(), batchSize), System::nanoTime);
    clock = new SimulatedClock(config.timeAcceleration(), System::currentTimeMillis);
    firstEventTime = simulation.nextEventTime();
    // A lambda, not a method reference: on a worker without pluginMetrics() the call must fail
    // inside TaskMetrics.of, which expects that, not where the reference is linked.
    simulation.metrics().register(TaskMetrics.of(() -> context.pluginMetrics()));
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (simulation.finished()) {
      if (!reportedFinish) {
        reportedFinish = true;
        log.info("Simulated {} task wrote every record of max.records and idles", feed.spec().name());
      }
      // Briefly: each empty poll lets the worker commit an interval transaction boundary that
      // is due, so a finished run's last records become visible without waiting a second more.
      pause(MAX_WAIT_MS);
      return null;
    }
    long next = simulation.nextEventTime();
    long waitForClock = clock.wallMillisUntil(next, firstEventTime);
    if (waitForClock > 0) {
      pause(waitForClock);
      return null;
    }
    int allowed = bucket.take(batchSize);
    if (allowed == 0) {
      pause(TimeUnit.NANOSECONDS.toMillis(bucket.nanosUntilNextToken()));
      return null;
    }
    List<SourceRecord> records = simulation.poll(allowed, clock.now(firstEventTime));
    bucket.giveBack(allowed - records.size());
    return records;
  }

  private void pause(long millis) throws InterruptedException {
    stopping.await(Math.max(1, Math.min(millis, MAX_WAIT_MS)), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    stopping.countDown();
  }
}
