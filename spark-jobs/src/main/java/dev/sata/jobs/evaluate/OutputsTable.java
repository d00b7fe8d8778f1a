package dev.sata.jobs.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code outputs/} table of {@code --emit-outputs}: one row per query and {@code P} with {@code
 * y_sata = S / Z}, the exact output where computed (else null) and the denominator {@code Z}.
 */
final class OutputsTable {

  private OutputsTable() {}

  /** Returns the schema; the id column is {@code pos} or {@code query_id}. */
  static StructType schema(boolean selfAttention) {
    return new StructType()
        .add("seq_id", DataTypes.StringType, false)
        .add("layer", DataTypes.IntegerType, false)
        .add("head", DataTypes.IntegerType, false)
        .add(selfAttention ? "pos" : "query_id", DataTypes.LongType, false)
        .add("taylor_terms", DataTypes.IntegerType, false)
        .add("y_sata", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
        .add("y_exact", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
        .add("denominator", DataTypes.DoubleType, true);
  }

  /** Returns the output rows of every query (lazy). */
  static Dataset<Row> rows(
      SparkSession spark,
      JavaPairRDD<QueryKey, QueryOutcome> outcomes,
      int[] terms,
      int dv,
      boolean selfAttention) {
    JavaRDD<Row> rows =
        outcomes.flatMap(entry -> rowsOf(entry._1(), entry._2(), terms, dv).iterator());
    return spark.createDataFrame(rows, schema(selfAttention));
  }

  private static List<Row> rowsOf(QueryKey key, QueryOutcome outcome, int[] terms, int dv) {
    List<Row> rows = new ArrayList<>(terms.length);
    if (!outcome.hasTaylor()) {
      return rows;
    }
    Double[] exact = outcome.hasExact() ? boxed(outcome.exact()) : null;
    for (int r = 0; r < terms.length; r++) {
      SequenceKey sequence = key.sequence();
      rows.add(
          RowFactory.create(
              sequence.seqId(),
              sequence.layer(),
              sequence.head(),
              key.id(),
              terms[r],
              boxed(outcome.approximation(r, dv)),
              exact,
              outcome.denominators()[r]));
    }
    return rows;
  }

  private static Double[] boxed(double[] values) {
    Double[] out = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
