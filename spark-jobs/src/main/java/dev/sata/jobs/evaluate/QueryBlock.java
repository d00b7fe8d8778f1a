package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A block of queries of one sequence, evaluated together against a state or against key chunks.
 *
 * @param sequence the sequence
 * @param block the block number (for self-attention the chunk index of the queries)
 * @param d query size
 * @param ids {@code [m]} query ids: the {@code pos} for self-attention, else the {@code query_id}
 * @param queries {@code [m, d]} row-major
 * @param exact {@code [m]} whether query {@code i} gets exact attention
 * @param maxPosition the largest position among the queries (self-attention), else {@code
 *     Long.MAX_VALUE}
 */
@DefaultSerializer(JavaSerializer.class)
record QueryBlock(
    SequenceKey sequence,
    long block,
    int d,
    long[] ids,
    double[] queries,
    boolean[] exact,
    long maxPosition)
    implements Serializable {

  /** Returns the number of queries {@code m}. */
  int size() {
    return ids.length;
  }

  /** Returns the number of queries that get exact attention. */
  int exactCount() {
    int count = 0;
    for (boolean flag : exact) {
      count += flag ? 1 : 0;
    }
    return count;
  }

  /**
   * Builds the block of the queries of a self-attention chunk, or returns null when the chunk has
   * no query.
   */
  static QueryBlock ofChunk(Chunk chunk, SequencePlan plan, long seed) {
    int m = chunk.queryCount();
    if (m == 0) {
      return null;
    }
    int d = chunk.d();
    long[] ids = new long[m];
    double[] queries = new double[m * d];
    boolean[] exact = new boolean[m];

    // pack the rows that carry a query
    int i = 0;
    for (int t = 0; t < chunk.length(); t++) {
      if (!chunk.hasQuery(t)) {
        continue;
      }
      long pos = chunk.positions()[t];
      ids[i] = pos;
      System.arraycopy(chunk.queries(), t * d, queries, i * d, d);
      exact[i] = plan.isExact(sampleKey(seed, chunk.sequence(), pos));
      i++;
    }
    return new QueryBlock(chunk.sequence(), chunk.index(), d, ids, queries, exact, ids[m - 1]);
  }

  /** Returns the sampling key of query {@code id} of {@code sequence}. */
  static SequencePlan.SampleKey sampleKey(long seed, SequenceKey sequence, long id) {
    return new SequencePlan.SampleKey(SampleHash.of(seed, sequence, id), id);
  }

  /** One query on its way into a block. */
  @DefaultSerializer(JavaSerializer.class)
  record Entry(long id, double[] query, boolean exact, long position) implements Serializable {}

  /**
   * Collects entries of one block; mergeable, so blocks can be built with {@code aggregateByKey}.
   */
  @DefaultSerializer(JavaSerializer.class)
  static final class Builder implements Serializable {
    private static final long serialVersionUID = 1L;

    private Entry[] entries = new Entry[8];
    private int size;

    /** Adds one entry and returns this. */
    Builder add(Entry entry) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, size * 2);
      }
      entries[size++] = entry;
      return this;
    }

    /** Adds every entry of {@code other} and returns this; {@code other} is not modified. */
    Builder merge(Builder other) {
      for (int i = 0; i < other.size; i++) {
        add(other.entries[i]);
      }
      return this;
    }

    /** Returns the block, its queries ordered by id. */
    QueryBlock build(BlockKey key, int d) {
      Entry[] sorted = Arrays.copyOf(entries, size);
      Arrays.sort(sorted, (a, b) -> Long.compare(a.id(), b.id()));
      long[] ids = new long[size];
      double[] queries = new double[size * d];
      boolean[] exact = new boolean[size];
      long maxPosition = Long.MIN_VALUE;
      for (int i = 0; i < size; i++) {
        ids[i] = sorted[i].id();
        System.arraycopy(sorted[i].query(), 0, queries, i * d, d);
        exact[i] = sorted[i].exact();
        maxPosition = Math.max(maxPosition, sorted[i].position());
      }
      return new QueryBlock(key.sequence(), key.index(), d, ids, queries, exact, maxPosition);
    }
  }
}
