package io.strom.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The offered rates the bench steps through, lowest first: the fixed rate whose percentiles are
 * the headline METRICs, then the steps above it. Stepping stops at the first step that misses the
 * p99 target (a higher rate on the same machine only queues more); the highest rate that met it
 * is the max rate.
 */
public final class RatePlan {

  private final double fixedRate;
  private final List<Double> rates;
  private final long targetMs;
  private final List<Step> done = new ArrayList<>();
  private boolean stopped;

  /**
   * One measured step: {@code latency} from the reading's append to its alert row in PostgreSQL,
   * and the part of it until a read_committed consumer beside the sink got the reading
   * ({@code kafka}: the source's transaction commit and the fetch); the rest is the sink's.
   */
  public record Step(double offeredRate, double achievedRate, LatencySummary latency, LatencySummary kafka) {
    public Step(double offeredRate, double achievedRate, LatencySummary latency) {
      this(offeredRate, achievedRate, latency, null);
    }
  }

  public RatePlan(double fixedRate, List<Double> steps, long targetMs) {
    if (fixedRate <= 0 || steps.stream().anyMatch(r -> r <= 0)) {
      throw new IllegalArgumentException("rates must be above 0: " + fixedRate + ", " + steps);
    }
    TreeSet<Double> all = new TreeSet<>(steps);
    all.add(fixedRate);
    this.fixedRate = fixedRate;
    this.rates = List.copyOf(all);
    this.targetMs = targetMs;
  }

  /** Every rate the plan may run, lowest first. */
  public List<Double> rates() {
    return rates;
  }

  /** The next rate to offer, or null when the plan is done. */
  public Double next() {
    if (stopped || done.size() == rates.size()) {
      return null;
    }
    return rates.get(done.size());
  }

  /** Records the step at {@link #next()}; a missed target ends the plan once the fixed rate has run. */
  public void record(Step step) {
    if (next() == null || step.offeredRate() != next()) {
      throw new IllegalStateException("expected a step at " + next() + ", got " + step.offeredRate());
    }
    done.add(step);
    if (!step.latency().meets(targetMs) && step.offeredRate() >= fixedRate) {
      stopped = true;
    }
  }

  public List<Step> steps() {
    return List.copyOf(done);
  }

  /** The step at the fixed rate, once run. */
  public Step fixedStep() {
    return done.stream().filter(s -> s.offeredRate() == fixedRate).findFirst()
        .orElseThrow(() -> new IllegalStateException("the fixed rate " + fixedRate + " has not run"));
  }

  /**
   * The highest offered rate whose step met the target; 0 when none did. Steps above the fixed
   * rate stop at the first miss, so no rate above a miss there counts; a miss below the fixed rate
   * (a low rate where the sink's flush timing, not its load, sets the latency) shows in the table
   * but does not hide the rates above it that met the target.
   */
  public double maxRate() {
    double max = 0;
    for (Step step : done) {
      if (step.latency().meets(targetMs)) {
        max = Math.max(max, step.offeredRate());
      }
    }
    return max;
  }

  public long targetMs() {
    return targetMs;
  }
}
