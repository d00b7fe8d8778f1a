package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.jobs.evaluate.EvaluateOptions.RouteChoice;
import dev.sata.kernel.CostModel;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Decides the {@link SequencePlan} of every sequence on the driver. */
final class SequencePlanner {

  private SequencePlanner() {}

  /**
   * Per-sequence counts from one cheap aggregation over the chunks; mergeable.
   *
   * @param tokens token rows
   * @param queries rows with a non-null {@code q}
   * @param chunks chunks with at least one token
   * @param maxChunk the largest chunk index
   */
  @DefaultSerializer(JavaSerializer.class)
  record Counts(long tokens, long queries, long chunks, long maxChunk) implements Serializable {

    /** Returns the counts of one chunk. */
    static Counts of(Chunk chunk) {
      return new Counts(chunk.length(), chunk.queryCount(), 1, chunk.index());
    }

    /** Returns the counts of both. */
    Counts plus(Counts other) {
      return new Counts(
          tokens + other.tokens,
          queries + other.queries,
          chunks + other.chunks,
          Math.max(maxChunk, other.maxChunk));
    }
  }

  /**
   * Returns the plan of every sequence.
   *
   * @param counts per-sequence counts of the token rows
   * @param fileQueries per-sequence number of query-file rows, or null for self-attention
   * @param sampleLimits per-sequence sampling limits for {@code --exact N}, or null for all
   */
  static Map<SequenceKey, SequencePlan> plan(
      Map<SequenceKey, Counts> counts,
      Map<SequenceKey, Long> fileQueries,
      Map<SequenceKey, SequencePlan.SampleKey> sampleLimits,
      EvaluateOptions options,
      EvaluationConfig config) {
    Map<SequenceKey, SequencePlan> plans = new HashMap<>();
    for (Map.Entry<SequenceKey, Counts> entry : counts.entrySet()) {
      SequenceKey key = entry.getKey();
      Counts count = entry.getValue();
      boolean self = fileQueries == null;
      long queries = self ? count.queries() : fileQueries.getOrDefault(key, 0L);
      plans.put(key, plan(count, queries, self, sampleLimits, key, options, config));
    }
    return plans;
  }

  private static SequencePlan plan(
      Counts count,
      long queries,
      boolean self,
      Map<SequenceKey, SequencePlan.SampleKey> sampleLimits,
      SequenceKey key,
      EvaluateOptions options,
      EvaluationConfig config) {
    CostModel.Route route = route(options.route(), queries, count.tokens(), config);
    long exactQueries = options.exactAll() ? queries : Math.min(options.exactCount(), queries);
    SequencePlan.SampleKey limit = sampleLimits == null ? null : sampleLimits.get(key);

    // blocks of query-file queries and of sampled queries
    int allBlocks = self ? 0 : blocks(queries, options.chunkSize());
    boolean sampled = route == CostModel.Route.STATE && !options.exactAll();
    int sampledBlocks = sampled ? blocks(exactQueries, options.chunkSize()) : 0;

    // state copies: one per block, at most maxSalts
    long taylorBlocks = self ? count.chunks() : allBlocks;
    int salts = (int) Math.max(1, Math.min(options.maxSalts(), taylorBlocks));
    return new SequencePlan(
        count.tokens(),
        queries,
        count.chunks(),
        count.maxChunk(),
        route,
        options.exactAll(),
        exactQueries,
        limit,
        allBlocks,
        sampledBlocks,
        salts,
        self);
  }

  /** Returns the forced route, or the cheaper one by the cost model at the largest {@code P}. */
  static CostModel.Route route(
      RouteChoice choice, long queries, long keys, EvaluationConfig config) {
    return switch (choice) {
      case STATE -> CostModel.Route.STATE;
      case PAIRWISE -> CostModel.Route.PAIRWISE;
      case AUTO -> CostModel.chooseRoute(queries, keys, config.d(), config.dv(), config.maxTerms());
    };
  }

  private static int blocks(long queries, int chunkSize) {
    long blocks = (queries + chunkSize - 1) / chunkSize;
    return (int) Math.min(Integer.MAX_VALUE, blocks);
  }
}
