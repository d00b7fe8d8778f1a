package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.kernel.CausalChunk;
import dev.sata.kernel.TaylorFeatureMap;
import dev.sata.kernel.TaylorState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The state route without a causal mask: one Taylor state per sequence, then every query against
 * it.
 *
 * <p><b>States.</b> Each chunk's state {@code (H, z)} is built on an executor at the largest {@code
 * P} of the list, then the states of a sequence are summed by {@code reduceByKey} with map-side
 * combining. A sequence with more chunks than {@code fanout} is summed in two levels: first per
 * {@code (sequence, chunk mod fanout)}, then per sequence, so no reducer merges more than about
 * {@code fanout} states of one sequence at once.
 *
 * <p><b>Queries.</b> The state of a sequence is copied to {@code salts} keys {@code (sequence,
 * salt)} and query block {@code b} goes to salt {@code b mod salts}, so the state crosses the
 * network {@code salts} times, not once per block. States and blocks are then sorted together, each
 * state ahead of the blocks of its salt, and read as one stream. So a task keeps one state and one
 * block in memory at a time, never the query blocks of a whole salt.
 */
final class StateRoute {

  private StateRoute() {}

  /**
   * Returns the Taylor part of the outcome of every query of {@code blocks}.
   *
   * @param chunks the chunks of the state-route sequences
   * @param blocks every query block of those sequences (self-attention: one per chunk)
   */
  static JavaPairRDD<QueryKey, QueryOutcome> evaluate(
      JavaRDD<Chunk> chunks,
      JavaRDD<QueryBlock> blocks,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      EvaluationConfig config,
      int partitions) {
    JavaPairRDD<SequenceKey, TaylorState> states =
        sequenceStates(chunks, plans, config, partitions);

    // state copies ahead of the blocks of their salt
    JavaPairRDD<MergeKey, StateOrBlock> stateCopies =
        states.flatMapToPair(
            entry -> {
              int salts = plans.value().get(entry._1()).salts();
              List<Tuple2<MergeKey, StateOrBlock>> copies = new ArrayList<>(salts);
              for (int salt = 0; salt < salts; salt++) {
                copies.add(
                    new Tuple2<>(
                        new MergeKey(entry._1(), salt, 0, -1), new StateOrBlock(entry._2(), null)));
              }
              return copies.iterator();
            });
    JavaPairRDD<MergeKey, StateOrBlock> blockItems =
        blocks.mapToPair(
            block -> {
              int salts = plans.value().get(block.sequence()).salts();
              long salt = Math.floorMod(block.block(), salts);
              return new Tuple2<>(
                  new MergeKey(block.sequence(), salt, 1, block.block()),
                  new StateOrBlock(null, block));
            });

    // one sorted stream per partition
    return stateCopies
        .union(blockItems)
        .repartitionAndSortWithinPartitions(new SaltPartitioner(partitions))
        .mapPartitionsToPair(items -> new Evaluator(items, config));
  }

  /** Returns the state of every sequence of {@code chunks}, summed by a tree of reduces. */
  static JavaPairRDD<SequenceKey, TaylorState> sequenceStates(
      JavaRDD<Chunk> chunks,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      EvaluationConfig config,
      int partitions) {
    int fanout = config.fanout();

    // sequences with few chunks: one level
    JavaPairRDD<SequenceKey, TaylorState> direct =
        chunks
            .filter(chunk -> !plans.value().get(chunk.sequence()).saltedTree(fanout))
            .mapToPair(chunk -> new Tuple2<>(chunk.sequence(), chunkState(chunk, config)))
            .reduceByKey(TaylorState::merge, partitions);

    // sequences with many chunks: per (sequence, chunk mod fanout), then per sequence
    JavaPairRDD<SequenceKey, TaylorState> salted =
        chunks
            .filter(chunk -> plans.value().get(chunk.sequence()).saltedTree(fanout))
            .mapToPair(
                chunk ->
                    new Tuple2<>(
                        new BlockKey(chunk.sequence(), Math.floorMod(chunk.index(), fanout)),
                        chunkState(chunk, config)))
            .reduceByKey(TaylorState::merge, partitions)
            .mapToPair(entry -> new Tuple2<>(entry._1().sequence(), entry._2()))
            .reduceByKey(TaylorState::merge, partitions);
    return direct.union(salted);
  }

  /** Returns the state {@code (H, z)} of one chunk's keys and values. */
  static TaylorState chunkState(Chunk chunk, EvaluationConfig config) {
    TaylorFeatureMap map = config.featureMap();
    return CausalChunk.chunkState(
        map, config.dv(), config.precision(), chunk.keys(), chunk.values(), chunk.length());
  }

  /** Returns the Taylor part of the outcomes of a block's queries against a state. */
  static List<Tuple2<QueryKey, QueryOutcome>> evaluateBlock(
      TaylorState state, QueryBlock block, EvaluationConfig config) {
    int maxTerms = config.maxTerms();
    int dv = config.dv();
    double[] numerators = new double[maxTerms * dv]; // [Pmax, dv]
    double[] denominators = new double[maxTerms]; // [Pmax]
    List<Tuple2<QueryKey, QueryOutcome>> out = new ArrayList<>(block.size());
    for (int i = 0; i < block.size(); i++) {
      state.evaluateByTerms(block.queries(), i * config.d(), numerators, denominators);
      QueryOutcome outcome = TermRows.select(config.terms(), numerators, denominators, 0, 1, dv);
      out.add(new Tuple2<>(new QueryKey(block.sequence(), block.ids()[i]), outcome));
    }
    return out;
  }

  /**
   * Sort key of the merged stream: states (tag 0) sort ahead of the blocks (tag 1) of the same
   * {@code (sequence, salt)}.
   */
  @DefaultSerializer(JavaSerializer.class)
  record MergeKey(SequenceKey sequence, long salt, int tag, long block)
      implements Serializable, Comparable<MergeKey> {

    private static final Comparator<MergeKey> ORDER =
        Comparator.comparing(MergeKey::sequence)
            .thenComparingLong(MergeKey::salt)
            .thenComparingInt(MergeKey::tag)
            .thenComparingLong(MergeKey::block);

    @Override
    public int compareTo(MergeKey other) {
      return ORDER.compare(this, other);
    }
  }

  /** One item of the merged stream: a state copy or a query block. */
  @DefaultSerializer(JavaSerializer.class)
  record StateOrBlock(TaylorState state, QueryBlock block) implements Serializable {}

  /** Sends every item of one {@code (sequence, salt)} to the same partition. */
  static final class SaltPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    SaltPartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      MergeKey mergeKey = (MergeKey) key;
      int hash = 31 * mergeKey.sequence().hashCode() + Long.hashCode(mergeKey.salt());
      return Math.floorMod(hash, partitions);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SaltPartitioner that && that.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /** Reads one sorted partition: remembers the current state, evaluates each block against it. */
  private static final class Evaluator implements Iterator<Tuple2<QueryKey, QueryOutcome>> {
    private final Iterator<Tuple2<MergeKey, StateOrBlock>> items;
    private final EvaluationConfig config;
    private Iterator<Tuple2<QueryKey, QueryOutcome>> pending = Collections.emptyIterator();
    private MergeKey stateKey;
    private TaylorState state;

    Evaluator(Iterator<Tuple2<MergeKey, StateOrBlock>> items, EvaluationConfig config) {
      this.items = items;
      this.config = config;
    }

    @Override
    public boolean hasNext() {
      while (!pending.hasNext() && items.hasNext()) {
        Tuple2<MergeKey, StateOrBlock> item = items.next();
        MergeKey key = item._1();
        if (key.tag() == 0) {
          stateKey = key;
          state = item._2().state();
          continue;
        }
        if (stateKey == null
            || !stateKey.sequence().equals(key.sequence())
            || stateKey.salt() != key.salt()) {
          throw new IllegalStateException(
              "no state for the query block " + key.block() + " of sequence " + key.sequence());
        }
        pending = evaluateBlock(state, item._2().block(), config).iterator();
      }
      return pending.hasNext();
    }

    @Override
    public Tuple2<QueryKey, QueryOutcome> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.next();
    }
  }
}
