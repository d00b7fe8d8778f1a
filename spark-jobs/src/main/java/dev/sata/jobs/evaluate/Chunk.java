package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * The tokens of one sequence whose position falls in one chunk, {@code floor(pos / chunkSize) ==
 * index}, ordered by {@code pos}.
 *
 * <p>When positions have gaps, a chunk contains fewer than {@code chunkSize} tokens (chunks are
 * ragged), and a chunk index with no token has no chunk at all.
 *
 * @param sequence the sequence the tokens belong to
 * @param index the chunk index
 * @param d key and query size
 * @param dv value size
 * @param positions {@code [n]} strictly increasing positions
 * @param queries {@code [n, d]} row-major; rows without a query are zeros
 * @param hasQuery {@code [n]} whether row {@code t} has a query, or null when every row has one
 * @param keys {@code [n, d]} row-major
 * @param values {@code [n, dv]} row-major
 */
@DefaultSerializer(JavaSerializer.class)
public record Chunk(
    SequenceKey sequence,
    long index,
    int d,
    int dv,
    long[] positions,
    double[] queries,
    boolean[] hasQuery,
    double[] keys,
    double[] values)
    implements Serializable {

  /** Returns the number of tokens {@code n}. */
  public int length() {
    return positions.length;
  }

  /** Returns whether row {@code t} carries a query. */
  public boolean hasQuery(int t) {
    return hasQuery == null || hasQuery[t];
  }

  /** Returns the number of rows that carry a query. */
  public int queryCount() {
    if (hasQuery == null) {
      return positions.length;
    }
    int count = 0;
    for (boolean present : hasQuery) {
      count += present ? 1 : 0;
    }
    return count;
  }

  /** Returns the key of this chunk, {@code (sequence, index)}. */
  public BlockKey key() {
    return new BlockKey(sequence, index);
  }
}
