package dev.sata.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How the per-sequence logit ranges spread: which sequence key has the overall max |s| and the
 * median over sequence keys of their own max |s|. One outlier head can set the overall range, so
 * the report states both.
 *
 * @param maxKey the sequence key with the largest max |s|, or null when no sequence has exact
 *     evaluations
 * @param maxAbs that sequence's max |s|
 * @param median the lower median over sequence keys of their max |s| (Spark's {@code
 *     percentile_approx} with accuracy 10,000, exact up to 10,000 sequence keys)
 * @param sequences sequence keys with at least one exact evaluation
 */
record LogitSpread(SequenceKey maxKey, double maxAbs, double median, long sequences) {

  /** Accuracy of {@code percentile_approx}: its rank error is at most {@code n / ACCURACY}. */
  static final int ACCURACY = 10_000;

  /**
   * Computes the spread from the metrics table in one aggregation; nothing per sequence goes to the
   * driver.
   *
   * @param metrics rows of {@link MetricsTable#SCHEMA}, one per sequence key and {@code P}
   * @param terms one of the requested {@code P}: the logit range is the same for every {@code P},
   *     so one row per sequence key is read
   */
  static LogitSpread of(Dataset<Row> metrics, int terms) {
    // one row per sequence key that has a logit range
    Dataset<Row> perSequence =
        metrics
            .filter(col("taylor_terms").equalTo(terms))
            .filter(col("logit_max_abs").isNotNull())
            .filter(not(isnan(col("logit_max_abs"))));

    // count, median and the key of the maximum (max of a struct orders by its first field)
    Row stats =
        perSequence
            .agg(
                count(lit(1)),
                percentile_approx(col("logit_max_abs"), lit(0.5), lit(ACCURACY)),
                max(struct(col("logit_max_abs"), col("seq_id"), col("layer"), col("head"))))
            .first();
    long sequences = stats.getLong(0);
    if (sequences == 0) {
      return new LogitSpread(null, Double.NaN, Double.NaN, 0);
    }
    Row top = stats.getStruct(2);
    SequenceKey key = new SequenceKey(top.getString(1), top.getInt(2), top.getInt(3));
    return new LogitSpread(key, top.getDouble(0), stats.getDouble(1), sequences);
  }
}
