package dev.sata.jobs.evaluate;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.CorpusWriter;
import dev.sata.datasets.TokenRows;
import dev.sata.kernel.ExactAttention;
import dev.sata.kernel.TaylorSeries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Small real token files written with Spark, and the direct evaluation they are checked with. */
final class TokenFixture {

  private TokenFixture() {}

  /**
   * One sequence of Gaussian queries, keys and values.
   *
   * @param positions {@code [n]} ascending
   * @param queries {@code [n, d]}
   * @param keys {@code [n, d]}
   * @param values {@code [n, dv]}
   */
  record Sequence(
      String seqId,
      int layer,
      int head,
      int d,
      int dv,
      long[] positions,
      double[] queries,
      double[] keys,
      double[] values) {

    int length() {
      return positions.length;
    }

    SequenceKey key() {
      return new SequenceKey(seqId, layer, head);
    }
  }

  /** Returns a sequence at positions {@code 0 .. n-1} with entries drawn from N(0, sigma^2). */
  static Sequence gaussian(
      String seqId, int layer, int head, int n, int d, int dv, double sigma, Random random) {
    long[] positions = new long[n];
    for (int t = 0; t < n; t++) {
      positions[t] = t;
    }
    return new Sequence(
        seqId,
        layer,
        head,
        d,
        dv,
        positions,
        normal(n * d, sigma, random),
        normal(n * d, sigma, random),
        normal(n * dv, 1, random));
  }

  private static double[] normal(int count, double sigma, Random random) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = sigma * random.nextGaussian();
    }
    return values;
  }

  /** Returns the token rows of the sequences in a shuffled order. */
  static List<Row> rows(List<Sequence> sequences, long shuffleSeed) {
    List<Row> rows = new ArrayList<>();
    for (Sequence s : sequences) {
      for (int t = 0; t < s.length(); t++) {
        rows.add(
            RowFactory.create(
                s.seqId(),
                s.layer(),
                s.head(),
                s.positions()[t],
                slice(s.queries(), t, s.d()),
                slice(s.keys(), t, s.d()),
                slice(s.values(), t, s.dv())));
      }
    }
    Collections.shuffle(rows, new Random(shuffleSeed));
    return rows;
  }

  /** Writes token rows in {@code partitions} files of {@code format} and returns the path. */
  static String write(
      SparkSession spark, String path, List<Row> rows, int partitions, CorpusFormat format) {
    CorpusWriter.writeTokens(
        spark.createDataFrame(rows, TokenRows.TOKEN_SCHEMA).repartition(partitions), path, format);
    return path;
  }

  static Double[] slice(double[] values, int row, int width) {
    Double[] out = new Double[width];
    for (int j = 0; j < width; j++) {
      out[j] = values[row * width + j];
    }
    return out;
  }

  /**
   * Returns the direct Taylor outputs {@code [n, dv]} of a sequence: {@code T_P(q.k/c)} for every
   * pair, normalised; {@code denominators} receives {@code Z} per query when not null.
   */
  static double[] direct(
      Sequence s, int terms, double scale, boolean causal, double[] denominators) {
    int n = s.length();
    return TaylorSeries.directOutputs(
        s.queries(),
        s.positions(),
        n,
        s.keys(),
        s.values(),
        s.positions(),
        n,
        s.d(),
        s.dv(),
        scale,
        terms,
        causal,
        denominators);
  }

  /** Returns the exact softmax outputs {@code [n, dv]} of a sequence. */
  static double[] exact(Sequence s, double scale, boolean causal) {
    int n = s.length();
    return causal
        ? ExactAttention.causal(
            s.queries(),
            s.positions(),
            n,
            s.keys(),
            s.values(),
            s.positions(),
            n,
            s.d(),
            s.dv(),
            scale)
        : ExactAttention.nonCausal(s.queries(), n, s.keys(), s.values(), n, s.d(), s.dv(), scale);
  }

  /**
   * One row of {@code outputs/}.
   *
   * @param ySata {@code [dv]}
   * @param yExact {@code [dv]} or null
   */
  record Output(double[] ySata, double[] yExact, double denominator) {}

  /** Key of one output row: sequence, pos or query_id, P. */
  record OutputKey(SequenceKey sequence, long id, int terms) {}

  /** Reads {@code outputs/} of a run (Parquet). */
  static Map<OutputKey, Output> readOutputs(SparkSession spark, String outputDir, String idColumn) {
    Map<OutputKey, Output> outputs = new HashMap<>();
    List<Row> rows =
        spark
            .read()
            .parquet(outputDir + "/outputs")
            .select(
                "seq_id",
                "layer",
                "head",
                idColumn,
                "taylor_terms",
                "y_sata",
                "y_exact",
                "denominator")
            .collectAsList();
    for (Row row : rows) {
      SequenceKey key = new SequenceKey(row.getString(0), row.getInt(1), row.getInt(2));
      outputs.put(
          new OutputKey(key, row.getLong(3), row.getInt(4)),
          new Output(
              doubles(row.getList(5)),
              row.isNullAt(6) ? null : doubles(row.getList(6)),
              row.getDouble(7)));
    }
    return outputs;
  }

  private static double[] doubles(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
