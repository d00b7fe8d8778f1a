package dev.sata.jobs.niah;

import java.io.Serializable;

/**
 * A run of consecutive haystack tokens that one Spark task generates.
 *
 * @param index chunk number, from 0
 * @param start position of the first token
 * @param count number of tokens
 * @param embeddings real-text sentence embeddings {@code [count][384]}, or null for the synthetic
 *     haystack, whose tokens are generated from their positions
 */
record HaystackChunk(long index, long start, int count, float[][] embeddings)
    implements Serializable {

  /** Returns one past the last position. */
  long end() {
    return start + count;
  }
}
