package dev.sata.jobs.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Evaluates query blocks against the key chunks of their sequence, one (block, key chunk) pair at a
 * time: the pairwise Taylor route, and exact softmax attention for every route.
 *
 * <p>Both sides are copied to the pair keys {@code (sequence, block, chunk)} they take part in, so
 * a join brings together exactly one block and one chunk and no task ever holds more than that of a
 * sequence. When causal, block {@code b} pairs only with chunks up to the chunk of its largest
 * position, and a chunk-aligned block {@code j} only with chunks {@code i <= j}. The partials of a
 * block are then reduced with map-side combining into one per block.
 *
 * <p>Copies cost shuffle volume: a sequence with {@code C} chunks and {@code B} blocks moves each
 * block {@code C} times and each chunk {@code B} times. That is the price of the quadratic pair
 * work, which this route is chosen for only where it is cheaper than the state.
 */
final class PairRoute {

  private PairRoute() {}

  /**
   * Returns the outcome of every query of {@code blocks}: the Taylor part for pairwise-route
   * sequences and the exact part for queries marked exact.
   *
   * @param blocks the pair blocks (see {@link SequencePlan#pairBlockCount()})
   * @param chunks the key chunks of the sequences that need pairs
   * @param pairsDone counts evaluated (block, chunk) pairs, for progress
   */
  static JavaPairRDD<QueryKey, QueryOutcome> evaluate(
      JavaRDD<QueryBlock> blocks,
      JavaRDD<Chunk> chunks,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      EvaluationConfig config,
      int partitions,
      LongAccumulator pairsDone) {
    // copies of every block and chunk, keyed by the pairs they join
    JavaPairRDD<PairKey, QueryBlock> blockCopies =
        blocks.flatMapToPair(block -> blockCopies(block, plans.value(), config).iterator());
    JavaPairRDD<PairKey, Chunk> chunkCopies =
        chunks.flatMapToPair(chunk -> chunkCopies(chunk, plans.value(), config).iterator());

    // one partial per pair, reduced per block
    JavaPairRDD<BlockKey, BlockPartial> partials =
        blockCopies
            .join(chunkCopies, partitions)
            .mapToPair(
                pair -> {
                  QueryBlock block = pair._2()._1();
                  Chunk chunk = pair._2()._2();
                  boolean taylor = plans.value().get(block.sequence()).pairwise();
                  pairsDone.add(1);
                  return new Tuple2<>(
                      new BlockKey(block.sequence(), block.block()),
                      BlockPartial.compute(block, chunk, config, taylor));
                });
    return partials
        .reduceByKey(BlockPartial::merge, partitions)
        .flatMapToPair(
            entry ->
                entry._2().outcomes(entry._1().sequence(), config.terms(), config.dv()).iterator());
  }

  /** Returns the copies of a block, one per key chunk it pairs with. */
  static List<Tuple2<PairKey, QueryBlock>> blockCopies(
      QueryBlock block, Map<SequenceKey, SequencePlan> plans, EvaluationConfig config) {
    SequencePlan plan = plans.get(block.sequence());
    long lastChunk = plan.maxChunk();
    if (config.causal()) {
      lastChunk = Math.min(lastChunk, config.chunkOf(block.maxPosition()));
    }
    List<Tuple2<PairKey, QueryBlock>> copies = new ArrayList<>();
    for (long chunk = 0; chunk <= lastChunk; chunk++) {
      copies.add(new Tuple2<>(new PairKey(block.sequence(), block.block(), chunk), block));
    }
    return copies;
  }

  /** Returns the copies of a key chunk, one per block it pairs with. */
  static List<Tuple2<PairKey, Chunk>> chunkCopies(
      Chunk chunk, Map<SequenceKey, SequencePlan> plans, EvaluationConfig config) {
    SequencePlan plan = plans.get(chunk.sequence());
    List<Tuple2<PairKey, Chunk>> copies = new ArrayList<>();
    if (plan == null || !plan.needsPairs()) {
      return copies;
    }
    boolean aligned = plan.pairBlocksAreChunks();
    long first = config.causal() && aligned ? chunk.index() : 0;
    for (long block = first; block < plan.pairBlockCount(); block++) {
      copies.add(new Tuple2<>(new PairKey(chunk.sequence(), block, chunk.index()), chunk));
    }
    return copies;
  }
}
