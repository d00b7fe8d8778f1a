package dev.sata.jobs.evaluate;

import dev.sata.kernel.ErrorStats;
import dev.sata.kernel.LogitRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code metrics/} table: one row per sequence key and {@code P}, with the route that produced
 * the figures and the logit range of the sequence.
 */
final class MetricsTable {

  /** Columns of the metrics table, in order. */
  static final StructType SCHEMA =
      schema(
          "seq_id", DataTypes.StringType,
          "layer", DataTypes.IntegerType,
          "head", DataTypes.IntegerType,
          "taylor_terms", DataTypes.IntegerType,
          "route", DataTypes.StringType,
          "tokens", DataTypes.LongType,
          "queries", DataTypes.LongType,
          "exact_queries", DataTypes.LongType,
          "nonpositive_denominators", DataTypes.LongType,
          "error_count", DataTypes.LongType,
          "mean_abs_error", DataTypes.DoubleType,
          "max_abs_error", DataTypes.DoubleType,
          "p50_abs_error", DataTypes.DoubleType,
          "p90_abs_error", DataTypes.DoubleType,
          "p99_abs_error", DataTypes.DoubleType,
          "mean_rel_error", DataTypes.DoubleType,
          "max_rel_error", DataTypes.DoubleType,
          "p50_rel_error", DataTypes.DoubleType,
          "p90_rel_error", DataTypes.DoubleType,
          "p99_rel_error", DataTypes.DoubleType,
          "mean_cosine", DataTypes.DoubleType,
          "min_cosine", DataTypes.DoubleType,
          "logit_min", DataTypes.DoubleType,
          "logit_max", DataTypes.DoubleType,
          "logit_max_abs", DataTypes.DoubleType);

  private MetricsTable() {}

  /** Returns the metrics rows of every sequence (lazy). */
  static Dataset<Row> rows(
      SparkSession spark,
      JavaPairRDD<SequenceKey, SequenceMetrics> perSequence,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      int[] terms) {
    JavaRDD<Row> rows =
        perSequence.flatMap(
            entry ->
                rowsOf(entry._1(), entry._2(), plans.value().get(entry._1()), terms).iterator());
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static List<Row> rowsOf(
      SequenceKey key, SequenceMetrics metrics, SequencePlan plan, int[] terms) {
    List<Row> rows = new ArrayList<>(terms.length);
    LogitRange logits = metrics.logits();
    for (int r = 0; r < terms.length; r++) {
      ErrorStats errors = metrics.errors(r);
      rows.add(
          RowFactory.create(
              key.seqId(),
              key.layer(),
              key.head(),
              terms[r],
              EvaluatePipeline.routeName(plan),
              plan.tokens(),
              metrics.queries(),
              metrics.exactQueries(),
              metrics.nonPositive(r),
              errors.count(),
              errors.meanAbsolute(),
              errors.maxAbsolute(),
              errors.percentileAbsolute(0.5),
              errors.percentileAbsolute(0.9),
              errors.percentileAbsolute(0.99),
              errors.meanRelative(),
              errors.maxRelative(),
              errors.percentileRelative(0.5),
              errors.percentileRelative(0.9),
              errors.percentileRelative(0.99),
              errors.meanCosine(),
              errors.minCosine(),
              logits.count() == 0 ? Double.NaN : logits.min(),
              logits.count() == 0 ? Double.NaN : logits.max(),
              logits.count() == 0 ? Double.NaN : logits.maxAbs()));
    }
    return rows;
  }

  private static StructType schema(Object... namesAndTypes) {
    StructField[] fields = new StructField[namesAndTypes.length / 2];
    for (int i = 0; i < fields.length; i++) {
      fields[i] =
          DataTypes.createStructField(
              (String) namesAndTypes[2 * i], (DataType) namesAndTypes[2 * i + 1], true);
    }
    return new StructType(fields);
  }
}
