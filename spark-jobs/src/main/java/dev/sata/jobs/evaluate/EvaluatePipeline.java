package dev.sata.jobs.evaluate;

import dev.sata.jobs.common.Progress;
import dev.sata.kernel.CostModel;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The distributed part of {@code evaluate}: token rows to chunks, chunks to per-query outcomes by
 * the routes, outcomes to per-sequence metrics. Every step works on chunks, query blocks, states
 * and per-query partials; no step groups a whole sequence in one task.
 */
final class EvaluatePipeline {

  private EvaluatePipeline() {}

  /**
   * What the pipeline produced. The RDDs are lazy until the report writes them.
   *
   * @param config the resolved settings
   * @param plans the plan of every sequence
   * @param broadcastPlans the same plans, broadcast to executors
   * @param outcomes per-query outcomes (persisted when outputs are written)
   * @param perSequence per-sequence metrics
   * @param chunks the persisted chunks
   */
  record Evaluation(
      EvaluationConfig config,
      Map<SequenceKey, SequencePlan> plans,
      Broadcast<Map<SequenceKey, SequencePlan>> broadcastPlans,
      JavaPairRDD<QueryKey, QueryOutcome> outcomes,
      JavaPairRDD<SequenceKey, SequenceMetrics> perSequence,
      JavaRDD<Chunk> chunks) {

    /** Drops the cached chunks and outcomes. */
    void release() {
      chunks.unpersist(false);
      outcomes.unpersist(false);
    }
  }

  /** Defines the evaluation of a validated input; runs the small jobs that plan it. */
  static Evaluation run(
      SparkSession spark, EvaluateOptions options, EvaluateInput input, Progress progress) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = partitions(spark);
    EvaluationConfig config = config(options, input);

    // chunks, kept for the planning jobs and the routes
    progress.step(
        "Cutting " + input.report().rows() + " token rows into chunks of " + config.chunkSize());
    JavaRDD<Chunk> chunks =
        Chunker.chunks(input.tokens(), config.chunkSize(), config.d(), config.dv())
            .persist(StorageLevel.MEMORY_AND_DISK());

    // per-sequence plans
    progress.step("Planning routes per sequence");
    Map<SequenceKey, SequencePlan> planMap = plan(chunks, input, options, config, partitions);
    Broadcast<Map<SequenceKey, SequencePlan>> plans = context.broadcast(planMap);

    // query blocks
    long seed = options.seed();
    JavaRDD<QueryBlock> allBlocks =
        input.queries() == null
            ? chunks
                .filter(chunk -> plans.value().get(chunk.sequence()).evaluated())
                .map(chunk -> QueryBlock.ofChunk(chunk, plans.value().get(chunk.sequence()), seed))
                .filter(block -> block != null)
            : QueryBlocks.fromQueryFile(input.queries(), plans, config, seed, partitions);

    // outcomes by route
    progress.step("Evaluating " + routeCounts(planMap));
    JavaPairRDD<QueryKey, QueryOutcome> outcomes =
        outcomes(context, chunks, allBlocks, plans, planMap, config, options, partitions);
    if (options.emitOutputs()) {
      outcomes = outcomes.persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    // per-sequence metrics
    LongAccumulator done = progress.tokens();
    int termCount = config.terms().length;
    int dv = config.dv();
    JavaPairRDD<SequenceKey, SequenceMetrics> perSequence =
        outcomes
            .mapToPair(
                entry -> {
                  done.add(1);
                  return new Tuple2<>(entry._1().sequence(), entry._2());
                })
            .aggregateByKey(
                new SequenceMetrics(termCount),
                partitions,
                (metrics, outcome) -> metrics.add(outcome, dv),
                SequenceMetrics::merge);
    return new Evaluation(config, planMap, plans, outcomes, perSequence, chunks);
  }

  /** Returns the settings executors need. */
  static EvaluationConfig config(EvaluateOptions options, EvaluateInput input) {
    double scale = options.scale() != null ? options.scale() : Math.sqrt(input.d());
    return new EvaluationConfig(
        input.d(),
        input.dv(),
        scale,
        options.terms(),
        options.causal(),
        options.chunkSize(),
        options.precision(),
        options.weights(),
        options.fanout(),
        options.maxSalts());
  }

  private static Map<SequenceKey, SequencePlan> plan(
      JavaRDD<Chunk> chunks,
      EvaluateInput input,
      EvaluateOptions options,
      EvaluationConfig config,
      int partitions) {
    // cheap counts
    Map<SequenceKey, SequencePlanner.Counts> counts =
        chunks
            .mapToPair(chunk -> new Tuple2<>(chunk.sequence(), SequencePlanner.Counts.of(chunk)))
            .reduceByKey(SequencePlanner.Counts::plus, partitions)
            .collectAsMap();
    Map<SequenceKey, Long> fileQueries =
        input.queries() == null ? null : QueryBlocks.countPerSequence(input.queries());

    // deterministic sample of the exact queries
    Map<SequenceKey, SequencePlan.SampleKey> limits = null;
    if (!options.exactAll()) {
      long seed = options.seed();
      JavaPairRDD<SequenceKey, SequencePlan.SampleKey> candidates =
          input.queries() == null
              ? chunks.flatMapToPair(chunk -> QueryBlocks.sampleKeys(chunk, seed).iterator())
              : QueryBlocks.sampleKeys(input.queries(), seed);
      limits = ExactSampling.limits(candidates, options.exactCount(), partitions);
    }
    return new HashMap<>(SequencePlanner.plan(counts, fileQueries, limits, options, config));
  }

  /** Returns the outcome of every query: Taylor part by its route, exact part by the pairs. */
  private static JavaPairRDD<QueryKey, QueryOutcome> outcomes(
      JavaSparkContext context,
      JavaRDD<Chunk> chunks,
      JavaRDD<QueryBlock> allBlocks,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      Map<SequenceKey, SequencePlan> planMap,
      EvaluationConfig config,
      EvaluateOptions options,
      int partitions) {
    boolean anyPairs = planMap.values().stream().anyMatch(SequencePlan::needsPairs);
    boolean anyState =
        planMap.values().stream().anyMatch(plan -> plan.evaluated() && !plan.pairwise());

    // pairs: the pairwise route and every exact evaluation
    JavaPairRDD<QueryKey, QueryOutcome> pairOutcomes = null;
    if (anyPairs) {
      JavaRDD<QueryBlock> pairBlocks =
          allBlocks
              .filter(
                  block -> {
                    SequencePlan plan = plans.value().get(block.sequence());
                    return plan.needsPairs() && !plan.pairsUseSampledBlocks();
                  })
              .union(QueryBlocks.sampled(allBlocks, plans, config, options.seed(), partitions));
      JavaRDD<Chunk> pairChunks =
          chunks.filter(chunk -> plans.value().get(chunk.sequence()).needsPairs());
      LongAccumulator pairsDone = context.sc().longAccumulator("evaluate.pairs");
      pairOutcomes =
          PairRoute.evaluate(pairBlocks, pairChunks, plans, config, partitions, pairsDone);
    }
    if (!anyState) {
      return pairOutcomes == null ? emptyOutcomes(context) : pairOutcomes;
    }

    // state route: Taylor part of the state-route sequences
    JavaRDD<Chunk> stateChunks =
        chunks.filter(
            chunk -> {
              SequencePlan plan = plans.value().get(chunk.sequence());
              return plan.evaluated() && !plan.pairwise();
            });
    JavaPairRDD<QueryKey, QueryOutcome> stateOutcomes =
        config.causal()
            ? CausalScan.evaluate(context, stateChunks, config, partitions)
            : StateRoute.evaluate(
                stateChunks,
                allBlocks.filter(block -> !plans.value().get(block.sequence()).pairwise()),
                plans,
                config,
                partitions);
    if (pairOutcomes == null) {
      return stateOutcomes;
    }

    // join the two parts of state-route queries; pairwise-route outcomes are complete already
    JavaPairRDD<QueryKey, QueryOutcome> complete =
        pairOutcomes.filter(entry -> plans.value().get(entry._1().sequence()).pairwise());
    JavaPairRDD<QueryKey, QueryOutcome> merged =
        stateOutcomes
            .union(
                pairOutcomes.filter(entry -> !plans.value().get(entry._1().sequence()).pairwise()))
            .reduceByKey(QueryOutcome::merge, partitions);
    return complete.union(merged);
  }

  private static JavaPairRDD<QueryKey, QueryOutcome> emptyOutcomes(JavaSparkContext context) {
    return JavaPairRDD.fromJavaRDD(context.<Tuple2<QueryKey, QueryOutcome>>emptyRDD());
  }

  /** Returns e.g. "12 sequences on the pairwise route, 3 on the state route". */
  static String routeCounts(Map<SequenceKey, SequencePlan> plans) {
    long pairwise = plans.values().stream().filter(p -> p.evaluated() && p.pairwise()).count();
    long state = plans.values().stream().filter(p -> p.evaluated() && !p.pairwise()).count();
    return pairwise + " sequences on the pairwise route, " + state + " on the state route";
  }

  /** Returns the shuffle width: {@code spark.sql.shuffle.partitions}. */
  static int partitions(SparkSession spark) {
    return Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200"));
  }

  /** Returns the route of a plan as written in reports. */
  static String routeName(SequencePlan plan) {
    return plan.route() == CostModel.Route.PAIRWISE ? "pairwise" : "state";
  }
}
