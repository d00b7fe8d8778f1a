package dev.sata.jobs.niah;

import java.io.Serializable;

/**
 * A run of consecutive haystack tokens that one Spark task generates.
 *
 * <p>A plain class rather than a record: Spark's Kryo serializer (Kryo 4) cannot create records,
 * and chunks are RDD elements.
 */
final class HaystackChunk implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long index;
  private final long start;
  private final int count;
  private final float[][] embeddings;

  /**
   * Creates a chunk.
   *
   * @param index chunk number, from 0
   * @param start position of the first token
   * @param count number of tokens
   * @param embeddings real-text sentence embeddings {@code [count][384]}, or null for the synthetic
   *     haystack, whose tokens are generated from their positions
   */
  HaystackChunk(long index, long start, int count, float[][] embeddings) {
    this.index = index;
    this.start = start;
    this.count = count;
    this.embeddings = embeddings;
  }

  long index() {
    return index;
  }

  long start() {
    return start;
  }

  int count() {
    return count;
  }

  /** Returns the sentence embeddings (shared, do not modify), or null. */
  float[][] embeddings() {
    return embeddings;
  }

  /** Returns one past the last position. */
  long end() {
    return start + count;
  }
}
