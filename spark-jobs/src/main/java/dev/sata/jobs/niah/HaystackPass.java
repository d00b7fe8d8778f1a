package dev.sata.jobs.niah;

import dev.sata.kernel.Precision;
import dev.sata.kernel.SoftmaxPartial;
import dev.sata.kernel.TaylorFeatureMap;
import dev.sata.kernel.TaylorState;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.LongAccumulator;

/**
 * One distributed pass over a haystack: executors generate it chunk by chunk, fold each chunk into
 * a Taylor state per bucket of the {@link LengthGrid} (chunk states merged with {@link
 * TaylorState#merge}) and into exact softmax partials per query, evaluate each finished bucket
 * state for every query, and the partition tables are combined with {@code treeReduce}. No executor
 * keeps more than one chunk of tokens and one open bucket state; the driver receives only the
 * {@link BucketTables}.
 *
 * <p>A bucket's state is evaluated (cost {@code Q (D + 2 D (dv + 1))}) instead of being sent to the
 * driver because every query is known before the pass and the Taylor output is linear in the state:
 * the driver then needs {@code Q P (dv + 1)} numbers per bucket, not {@code D (dv + 1)}, which
 * keeps it small for large {@code d}.
 */
final class HaystackPass implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Keys per call of the softmax partial, so the block stays in cache for every query. */
  static final int EXACT_BLOCK = 2048;

  private final HaystackSource source;
  private final LengthGrid grid;
  private final QuerySet queries;
  private final int terms;
  private final long[] capturePositions; // sorted

  /**
   * Describes a pass.
   *
   * @param terms {@code P}, the largest number of Taylor terms; every smaller one comes with it
   * @param capturePositions haystack positions whose tokens are kept (those needles replace)
   */
  HaystackPass(
      HaystackSource source,
      LengthGrid grid,
      QuerySet queries,
      int terms,
      long[] capturePositions) {
    this.source = source;
    this.grid = grid;
    this.queries = queries;
    this.terms = terms;
    this.capturePositions = capturePositions.clone();
    Arrays.sort(this.capturePositions);
  }

  /**
   * Runs the pass over {@code chunks}, which must cover at least {@code [0, grid.extent())}, each
   * partition holding consecutive chunks in order; tokens from the extent on are ignored.
   *
   * @param tokens accumulator that counts processed tokens, for progress
   * @param treeDepth depth of the {@code treeReduce}
   */
  BucketTables run(JavaRDD<HaystackChunk> chunks, LongAccumulator tokens, int treeDepth) {
    return chunks
        .mapPartitions(partition -> List.of(process(partition, tokens)).iterator())
        .treeReduce(BucketTables::merge, treeDepth);
  }

  /** Folds the chunks of one partition into bucket tables. */
  BucketTables process(Iterator<HaystackChunk> chunks, LongAccumulator tokens) {
    int d = source.d();
    int dv = source.dv();
    BucketTables tables = new BucketTables(queries.size(), terms, dv);
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, terms);
    double[] keys = new double[0];
    double[] values = new double[0];
    int openBucket = -1;
    TaylorState open = null;

    while (chunks.hasNext()) {
      HaystackChunk chunk = chunks.next();
      long end = Math.min(chunk.end(), grid.extent());
      if (chunk.start() >= end) {
        continue;
      }
      if (keys.length < chunk.count() * d) {
        keys = new double[chunk.count() * d];
        values = new double[chunk.count() * dv];
      }

      // tokens of the chunk, and those that needles will replace
      source.fill(chunk, keys, values);
      capture(chunk, keys, values, tables, d, dv);

      // one segment per bucket the chunk overlaps
      for (long start = chunk.start(); start < end; ) {
        int bucket = grid.bucketOf(start);
        long stop = Math.min(end, grid.length(bucket));
        int offset = (int) (start - chunk.start());
        int count = (int) (stop - start);
        if (bucket != openBucket) {
          flush(tables, openBucket, open);
          openBucket = bucket;
          open = TaylorState.empty(map, dv, Precision.FLOAT64);
        }
        TaylorState piece = TaylorState.empty(map, dv, Precision.FLOAT64);
        piece.accumulate(keys, offset * d, values, offset * dv, count);
        open.merge(piece);
        addExact(tables.exactRow(bucket), keys, values, offset, count, d);
        start = stop;
      }
      tables.addTokens(end - chunk.start());
      if (tokens != null) {
        tokens.add(end - chunk.start());
      }
    }
    flush(tables, openBucket, open);
    return tables;
  }

  /** Returns the grid of the pass. */
  LengthGrid grid() {
    return grid;
  }

  private void flush(BucketTables tables, int bucket, TaylorState state) {
    if (state != null) {
      tables.addTaylor(bucket, state, queries.vectors());
    }
  }

  private void addExact(
      SoftmaxPartial[] row, double[] keys, double[] values, int offset, int count, int d) {
    double c = Math.sqrt(d);
    int dv = source.dv();
    double[] vectors = queries.vectors();
    for (int block = 0; block < count; block += EXACT_BLOCK) {
      int n = Math.min(EXACT_BLOCK, count - block);
      int first = offset + block;
      for (int q = 0; q < row.length; q++) {
        row[q].accumulate(vectors, q * d, keys, first * d, values, first * dv, n, d, c, null, 0);
      }
    }
  }

  private void capture(
      HaystackChunk chunk, double[] keys, double[] values, BucketTables tables, int d, int dv) {
    int from = Arrays.binarySearch(capturePositions, chunk.start());
    from = from >= 0 ? from : -from - 1;
    for (int i = from; i < capturePositions.length && capturePositions[i] < chunk.end(); i++) {
      int offset = (int) (capturePositions[i] - chunk.start());
      tables.capture(capturePositions[i], keys, offset * d, values, offset * dv, d);
    }
  }
}
