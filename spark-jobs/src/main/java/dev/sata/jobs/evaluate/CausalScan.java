package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.kernel.CausalChunk;
import dev.sata.kernel.TaylorFeatureMap;
import dev.sata.kernel.TaylorState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The state route with a causal mask: an exclusive scan of chunk states along each sequence, as a
 * two-pass parallel scan.
 *
 * <ol>
 *   <li>Chunks are sorted by {@code (sequence, chunk)} with a range partitioner, so each partition
 *       contains a run of consecutive chunks and a sequence spans one or more neighbouring
 *       partitions.
 *   <li>Pass 1: each partition sums the chunk states of its last sequence (the only one that can
 *       continue into the next partition) and returns that total with its first and last sequence
 *       key.
 *   <li>The driver turns these totals into exclusive prefixes: the state of everything before the
 *       first chunk of each partition that continues a sequence, and broadcasts them.
 *   <li>Pass 2: each partition walks its chunks in order with a running prefix that starts from the
 *       broadcast one (or empty at a new sequence) and evaluates each chunk with {@link
 *       CausalChunk#evaluate}, which picks the running sum or the masked product by cost.
 * </ol>
 *
 * <p>Driver memory: at most one state per partition boundary, {@code D * (dv + 1)} numbers each (8
 * bytes each in float64), for the collected totals and again for the broadcast prefixes.
 */
final class CausalScan {

  private CausalScan() {}

  /**
   * Returns the Taylor part of the outcome of every query of {@code chunks}.
   *
   * @param chunks the chunks of the causal state-route sequences
   */
  static JavaPairRDD<QueryKey, QueryOutcome> evaluate(
      JavaSparkContext context, JavaRDD<Chunk> chunks, EvaluationConfig config, int partitions) {
    JavaPairRDD<BlockKey, Chunk> sorted =
        chunks.mapToPair(chunk -> new Tuple2<>(chunk.key(), chunk)).sortByKey(true, partitions);

    // pass 1: the total of each partition's last sequence (pass 2 reuses the sort's shuffle files)
    List<PartitionTotal> totals =
        sorted
            .mapPartitionsWithIndex(
                (partition, items) -> lastSequenceTotal(partition, items, config), false)
            .collect();

    // exclusive prefixes on the driver
    Broadcast<TaylorState[]> prefixes =
        context.broadcast(exclusivePrefixes(totals, sorted.getNumPartitions()));

    // pass 2: walk each partition with a running prefix
    return sorted
        .mapPartitionsWithIndex(
            (partition, items) -> new Walker(items, prefixes.value()[partition], config), false)
        .mapToPair(outcome -> outcome);
  }

  /**
   * Summary of one non-empty partition of the sorted chunks.
   *
   * @param partition the partition index
   * @param first the sequence of its first chunk
   * @param last the sequence of its last chunk
   * @param lastTotal the sum of the states of the chunks of {@code last} in this partition
   */
  @DefaultSerializer(JavaSerializer.class)
  record PartitionTotal(int partition, SequenceKey first, SequenceKey last, TaylorState lastTotal)
      implements Serializable {}

  /** Pass 1 over one partition. */
  static Iterator<PartitionTotal> lastSequenceTotal(
      int partition, Iterator<Tuple2<BlockKey, Chunk>> items, EvaluationConfig config) {
    SequenceKey first = null;
    SequenceKey current = null;
    TaylorState total = null;
    while (items.hasNext()) {
      Chunk chunk = items.next()._2();
      if (first == null) {
        first = chunk.sequence();
      }
      if (!chunk.sequence().equals(current)) {
        current = chunk.sequence();
        total = null;
      }
      TaylorState state = StateRoute.chunkState(chunk, config);
      total = total == null ? state : total.merge(state);
    }
    if (first == null) {
      return Collections.emptyIterator();
    }
    return List.of(new PartitionTotal(partition, first, current, total)).iterator();
  }

  /**
   * Returns, per partition, the state of the chunks of its first sequence that lie in earlier
   * partitions, or null when that sequence starts in the partition (or the partition is empty).
   */
  static TaylorState[] exclusivePrefixes(List<PartitionTotal> totals, int partitions) {
    TaylorState[] prefixes = new TaylorState[partitions];
    List<PartitionTotal> ordered = new ArrayList<>(totals);
    ordered.sort((a, b) -> Integer.compare(a.partition(), b.partition()));

    SequenceKey carriedSequence = null;
    TaylorState carried = null; // everything of carriedSequence so far
    for (PartitionTotal total : ordered) {
      // prefix of this partition's first sequence
      TaylorState prefix = total.first().equals(carriedSequence) ? carried : null;
      prefixes[total.partition()] = prefix;

      // what continues into the next partition
      boolean single = total.first().equals(total.last());
      carried =
          single && prefix != null ? prefix.copy().merge(total.lastTotal()) : total.lastTotal();
      carriedSequence = total.last();
    }
    return prefixes;
  }

  /** Pass 2 over one partition: evaluates every chunk with its running prefix. */
  private static final class Walker implements Iterator<Tuple2<QueryKey, QueryOutcome>> {
    private final Iterator<Tuple2<BlockKey, Chunk>> items;
    private final EvaluationConfig config;
    private final TaylorFeatureMap map;
    private TaylorState running;
    private SequenceKey current;
    private Iterator<Tuple2<QueryKey, QueryOutcome>> pending = Collections.emptyIterator();

    Walker(Iterator<Tuple2<BlockKey, Chunk>> items, TaylorState prefix, EvaluationConfig config) {
      this.items = items;
      this.config = config;
      this.map = config.featureMap();
      this.running = prefix == null ? null : prefix.copy();
    }

    @Override
    public boolean hasNext() {
      while (!pending.hasNext() && items.hasNext()) {
        Chunk chunk = items.next()._2();

        // a new sequence starts from an empty prefix, except the partition's first one
        if (current != null && !chunk.sequence().equals(current) || running == null) {
          running = TaylorState.empty(map, config.dv(), config.precision());
        }
        current = chunk.sequence();

        pending = evaluateChunk(chunk).iterator();
        running.merge(StateRoute.chunkState(chunk, config));
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

    private List<Tuple2<QueryKey, QueryOutcome>> evaluateChunk(Chunk chunk) {
      int n = chunk.length();
      int dv = config.dv();
      int maxTerms = config.maxTerms();
      double[] numerators = new double[maxTerms * n * dv]; // [Pmax, n, dv]
      double[] denominators = new double[maxTerms * n]; // [Pmax, n]
      CausalChunk.Route route = CausalChunk.chooseRoute(n, map, dv);
      CausalChunk.evaluate(
          running,
          chunk.queries(),
          chunk.hasQuery(),
          chunk.keys(),
          chunk.values(),
          n,
          route,
          numerators,
          denominators);

      List<Tuple2<QueryKey, QueryOutcome>> out = new ArrayList<>(n);
      for (int t = 0; t < n; t++) {
        if (chunk.hasQuery(t)) {
          QueryKey key = new QueryKey(chunk.sequence(), chunk.positions()[t]);
          out.add(
              new Tuple2<>(
                  key, TermRows.select(config.terms(), numerators, denominators, t, n, dv)));
        }
      }
      return out;
    }
  }
}
