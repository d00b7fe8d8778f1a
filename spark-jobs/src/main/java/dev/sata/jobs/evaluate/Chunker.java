package dev.sata.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;

import dev.sata.datasets.InvalidInputException;
import dev.sata.datasets.TokenRows;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cuts token rows into {@link Chunk}s: one chunk per sequence key and chunk index {@code floor(pos
 * / chunkSize)}, its rows ordered by {@code pos}, so the order of rows in the input files does not
 * matter.
 *
 * <p>Only the rows of one chunk meet in one group, never a whole sequence: a task holds at most
 * {@code chunkSize} tokens of a sequence at a time.
 */
final class Chunker {

  private static final String CHUNK = "chunk";
  private static final String ROWS = "rows";

  private Chunker() {}

  /**
   * Groups validated token rows into chunks.
   *
   * @param tokens normalised token rows ({@link TokenRows#TOKEN_SCHEMA} plus {@code source_file})
   * @param chunkSize tokens per chunk, at least 1
   * @param d length of every {@code k} and non-null {@code q}
   * @param dv length of every {@code v}
   */
  static JavaRDD<Chunk> chunks(Dataset<Row> tokens, int chunkSize, int d, int dv) {
    Dataset<Row> grouped =
        tokens
            .groupBy(
                col(TokenRows.SEQ_ID),
                col(TokenRows.LAYER),
                col(TokenRows.HEAD),
                expr(TokenRows.POS + " div " + chunkSize).as(CHUNK))
            .agg(
                collect_list(
                        struct(
                            col(TokenRows.POS),
                            col(TokenRows.Q),
                            col(TokenRows.K),
                            col(TokenRows.V),
                            col(TokenRows.SOURCE_FILE)))
                    .as(ROWS));
    return grouped.toJavaRDD().map(row -> toChunk(row, d, dv));
  }

  /** Builds one chunk from a grouped row {@code (seq_id, layer, head, chunk, rows)}. */
  static Chunk toChunk(Row group, int d, int dv) {
    SequenceKey sequence = new SequenceKey(group.getString(0), group.getInt(1), group.getInt(2));
    List<Row> rows = group.getList(4);
    Row[] sorted = rows.toArray(new Row[0]);
    Arrays.sort(sorted, Comparator.comparingLong(r -> r.getLong(0)));

    // copy the sorted rows into flat arrays
    int n = sorted.length;
    long[] positions = new long[n];
    double[] queries = new double[n * d];
    boolean[] hasQuery = new boolean[n];
    double[] keys = new double[n * d];
    double[] values = new double[n * dv];
    boolean allQueries = true;
    for (int t = 0; t < n; t++) {
      Row row = sorted[t];
      positions[t] = row.getLong(0);
      if (t > 0 && positions[t] == positions[t - 1]) {
        throw duplicatePosition(sequence, row);
      }
      hasQuery[t] = !row.isNullAt(1);
      allQueries &= hasQuery[t];
      if (hasQuery[t]) {
        copy(row, 1, TokenRows.Q, queries, t * d, d, sequence);
      }
      copy(row, 2, TokenRows.K, keys, t * d, d, sequence);
      copy(row, 3, TokenRows.V, values, t * dv, dv, sequence);
    }
    return new Chunk(
        sequence,
        group.getLong(3),
        d,
        dv,
        positions,
        queries,
        allQueries ? null : hasQuery,
        keys,
        values);
  }

  /** Copies an {@code array<double>} column of length {@code length} into {@code out}. */
  private static void copy(
      Row row, int column, String name, double[] out, int offset, int length, SequenceKey key) {
    List<Double> array = row.getList(column);
    if (array == null || array.size() != length) {
      throw new InvalidInputException(
          rowName(row, key)
              + ": column "
              + name
              + " has length "
              + (array == null ? "null" : array.size())
              + ", expected "
              + length);
    }
    for (int i = 0; i < length; i++) {
      Double value = array.get(i);
      if (value == null) {
        throw new InvalidInputException(
            rowName(row, key) + ": column " + name + " has a null element at index " + i);
      }
      out[offset + i] = value;
    }
  }

  private static InvalidInputException duplicatePosition(SequenceKey key, Row row) {
    return new InvalidInputException(
        rowName(row, key) + ": duplicate position; each pos must occur once per sequence key");
  }

  private static String rowName(Row row, SequenceKey key) {
    return "file " + row.getString(4) + ", sequence " + key + ", pos " + row.getLong(0);
  }
}
