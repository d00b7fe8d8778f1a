package dev.sata.jobs.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Console progress of a long job: every few seconds, one line with the job's current step, the
 * active Spark stages (tasks done of total) and the tokens processed so far.
 *
 * <p>Executors add to {@link #tokens()}; the driver prints. Use in a try-with-resources block
 * around the job.
 */
public final class Progress implements AutoCloseable {

  private final SparkSession spark;
  private final LongAccumulator tokens;
  private final String unit;
  private volatile long totalTokens;
  private final ScheduledExecutorService timer;
  private final long startNanos = System.nanoTime();
  private volatile String step = "starting";

  private Progress(
      SparkSession spark, String jobName, String unit, long totalTokens, long periodSeconds) {
    this.spark = spark;
    this.tokens = spark.sparkContext().longAccumulator(jobName + "." + unit);
    this.unit = unit;
    this.totalTokens = totalTokens;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, jobName + "-progress");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  /**
   * Starts printing progress to standard error every {@code periodSeconds}.
   *
   * @param totalTokens the expected token count, or a value {@code <= 0} when unknown
   */
  public static Progress start(
      SparkSession spark, String jobName, long totalTokens, long periodSeconds) {
    return new Progress(spark, jobName, "tokens", totalTokens, periodSeconds);
  }

  /**
   * Starts printing progress like {@link #start(SparkSession, String, long, long)}, counting {@code
   * unit} (for example "queries") in place of tokens.
   */
  public static Progress start(
      SparkSession spark, String jobName, String unit, long total, long periodSeconds) {
    return new Progress(spark, jobName, unit, total, periodSeconds);
  }

  /** Sets the expected count once it is known, or a value {@code <= 0} for unknown. */
  public void total(long total) {
    totalTokens = total;
  }

  /** Returns the accumulator that executors add processed tokens to. */
  public LongAccumulator tokens() {
    return tokens;
  }

  /** Sets the step shown on the next line and prints it at once. */
  public void step(String description) {
    step = description;
    System.err.printf("[%s] %s%n", elapsed(), description);
  }

  private void print() {
    StringBuilder line = new StringBuilder();
    line.append('[').append(elapsed()).append("] ").append(step);
    long done = tokens.value();
    if (done > 0) {
      line.append(", ").append(unit).append(' ').append(done);
      if (totalTokens > 0) {
        line.append(String.format(" of %d (%.1f%%)", totalTokens, 100.0 * done / totalTokens));
      }
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int stageId : context.statusTracker().getActiveStageIds()) {
      SparkStageInfo stage = context.statusTracker().getStageInfo(stageId);
      if (stage != null) {
        line.append(
            String.format(
                ", stage %d: %d/%d tasks", stageId, stage.numCompletedTasks(), stage.numTasks()));
      }
    }
    System.err.println(line);
  }

  private String elapsed() {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
