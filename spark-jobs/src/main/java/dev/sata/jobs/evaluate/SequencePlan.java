package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.kernel.CostModel;
import java.io.Serializable;

/**
 * Evaluation plan of one sequence, decided on the driver from a cheap per-sequence count and sent
 * to executors in a broadcast map (about 100 bytes per sequence key).
 *
 * <p>Queries are grouped into blocks. For self-attention, "all blocks" are the chunks: block {@code
 * j} holds the queries of chunk {@code j}. For a query file, query {@code id} goes to block {@code
 * hash(id) mod allBlocks}. When exact attention is sampled on a state-route sequence, the sampled
 * queries alone go to {@code sampledBlocks} blocks by their sampling hash. A pair (block, key
 * chunk) is evaluated wherever a block meets a key chunk of its sequence.
 *
 * @param tokens token rows of the sequence (keys)
 * @param queries queries evaluated with the Taylor approximation
 * @param chunks chunks that hold at least one token
 * @param maxChunk the largest chunk index (more than {@code chunks - 1} when positions have gaps)
 * @param route how the Taylor outputs are computed
 * @param exactAll whether every query gets exact attention
 * @param exactQueries queries that get exact attention
 * @param exactLimit the largest selected {@code (hash, id)} when sampling; a query is sampled when
 *     its pair is at most this one in lexicographic order
 * @param allBlocks the number of "all blocks" of a query file (unused for self-attention)
 * @param sampledBlocks the number of blocks of sampled queries (0 unless sampling on the state
 *     route)
 * @param salts copies of the sequence state that meet the query blocks (state route, not causal)
 * @param selfAttention whether the queries are the {@code q} of the token rows (else a query file)
 */
@DefaultSerializer(JavaSerializer.class)
record SequencePlan(
    long tokens,
    long queries,
    long chunks,
    long maxChunk,
    CostModel.Route route,
    boolean exactAll,
    long exactQueries,
    SampleKey exactLimit,
    int allBlocks,
    int sampledBlocks,
    int salts,
    boolean selfAttention)
    implements Serializable {

  /** A query's place in the deterministic sample: its hash, then its id to break ties. */
  @DefaultSerializer(JavaSerializer.class)
  record SampleKey(long hash, long id) implements Serializable, Comparable<SampleKey> {
    @Override
    public int compareTo(SampleKey other) {
      int byHash = Long.compare(hash, other.hash);
      return byHash != 0 ? byHash : Long.compare(id, other.id);
    }
  }

  /** Returns whether the query with this sample key gets exact attention. */
  boolean isExact(SampleKey key) {
    return exactAll || (exactLimit != null && key.compareTo(exactLimit) <= 0);
  }

  /** Returns whether the sequence has anything to evaluate. */
  boolean evaluated() {
    return queries > 0;
  }

  /** Returns whether the Taylor outputs come from the pairs (else from the state). */
  boolean pairwise() {
    return route == CostModel.Route.PAIRWISE;
  }

  /** Returns whether the pairs use the sampled blocks (else all blocks). */
  boolean pairsUseSampledBlocks() {
    return !pairwise() && !exactAll;
  }

  /** Returns whether any (block, key chunk) pair is evaluated. */
  boolean needsPairs() {
    return evaluated() && (pairwise() || exactQueries > 0);
  }

  /** Returns whether the pair blocks are chunk-aligned (block {@code j} = chunk {@code j}). */
  boolean pairBlocksAreChunks() {
    return selfAttention && !pairsUseSampledBlocks();
  }

  /** Returns the number of pair block indices to replicate a key chunk to. */
  long pairBlockCount() {
    if (pairsUseSampledBlocks()) {
      return sampledBlocks;
    }
    return selfAttention ? maxChunk + 1 : allBlocks;
  }

  /** Returns the block of a query-file query, by a hash of its id. */
  long allBlockOf(long queryId) {
    return Math.floorMod(SampleHash.mix(queryId), allBlocks);
  }

  /** Returns the block of a sampled query, by its sampling hash. */
  long sampledBlockOf(SampleKey key) {
    return Math.floorMod(SampleHash.mix(key.hash()), sampledBlocks);
  }

  /** Returns whether the chunk states are merged in two levels (more chunks than the fanout). */
  boolean saltedTree(int fanout) {
    return chunks > fanout;
  }
}
