package dev.sata.jobs.common;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creates the Spark session of a job. */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * Returns the active session or creates one named {@code appName}.
   *
   * <p>{@code spark-submit} sets the master. When none is set (a job started from a test or an
   * IDE), the session runs in local mode on every core: {@code local[*]}.
   */
  public static SparkSession getOrCreate(String appName) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(defaultShufflePartitions()));
    return SparkSession.builder().appName(appName).config(conf).getOrCreate();
  }

  /** Returns a shuffle width for a laptop. Clusters set their own in spark-defaults.conf. */
  private static int defaultShufflePartitions() {
    return Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
  }
}
