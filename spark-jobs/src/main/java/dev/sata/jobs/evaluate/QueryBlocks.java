package dev.sata.jobs.evaluate;

import dev.sata.datasets.TokenRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Builds query blocks from a query file and regroups sampled queries, with {@code aggregateByKey}
 * so that a task holds one block at a time.
 */
final class QueryBlocks {

  private QueryBlocks() {}

  /** Returns the number of query-file rows per sequence (one small aggregation). */
  static Map<SequenceKey, Long> countPerSequence(Dataset<Row> queries) {
    Map<SequenceKey, Long> counts = new HashMap<>();
    List<Row> rows =
        queries.groupBy(TokenRows.SEQ_ID, TokenRows.LAYER, TokenRows.HEAD).count().collectAsList();
    for (Row row : rows) {
      counts.put(new SequenceKey(row.getString(0), row.getInt(1), row.getInt(2)), row.getLong(3));
    }
    return counts;
  }

  /** Returns the sampling key of every query of a self-attention chunk. */
  static List<Tuple2<SequenceKey, SequencePlan.SampleKey>> sampleKeys(Chunk chunk, long seed) {
    List<Tuple2<SequenceKey, SequencePlan.SampleKey>> keys = new ArrayList<>();
    for (int t = 0; t < chunk.length(); t++) {
      if (chunk.hasQuery(t)) {
        long pos = chunk.positions()[t];
        keys.add(new Tuple2<>(chunk.sequence(), QueryBlock.sampleKey(seed, chunk.sequence(), pos)));
      }
    }
    return keys;
  }

  /** Returns the sampling key of every query of a query file. */
  static JavaPairRDD<SequenceKey, SequencePlan.SampleKey> sampleKeys(
      Dataset<Row> queries, long seed) {
    return queries
        .select(TokenRows.SEQ_ID, TokenRows.LAYER, TokenRows.HEAD, TokenRows.QUERY_ID)
        .toJavaRDD()
        .mapToPair(
            row -> {
              SequenceKey key = new SequenceKey(row.getString(0), row.getInt(1), row.getInt(2));
              return new Tuple2<>(key, QueryBlock.sampleKey(seed, key, row.getLong(3)));
            });
  }

  /** Returns the blocks of a query file: query {@code id} goes to block {@code hash(id) mod B}. */
  static JavaRDD<QueryBlock> fromQueryFile(
      Dataset<Row> queries,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      EvaluationConfig config,
      long seed,
      int partitions) {
    int d = config.d();
    JavaPairRDD<BlockKey, QueryBlock.Entry> entries =
        queries
            .select(
                TokenRows.SEQ_ID, TokenRows.LAYER, TokenRows.HEAD, TokenRows.QUERY_ID, TokenRows.Q)
            .toJavaRDD()
            .mapToPair(
                row -> {
                  SequenceKey key = new SequenceKey(row.getString(0), row.getInt(1), row.getInt(2));
                  SequencePlan plan = plans.value().get(key);
                  long id = row.getLong(3);
                  double[] q = toArray(row.getList(4));
                  boolean exact = plan.isExact(QueryBlock.sampleKey(seed, key, id));
                  return new Tuple2<>(
                      new BlockKey(key, plan.allBlockOf(id)),
                      new QueryBlock.Entry(id, q, exact, Long.MAX_VALUE));
                });
    return build(entries, d, partitions);
  }

  /**
   * Returns the blocks of the sampled queries of the state-route sequences that sample: only the
   * queries marked exact, spread over {@link SequencePlan#sampledBlocks()} blocks by their sampling
   * hash.
   */
  static JavaRDD<QueryBlock> sampled(
      JavaRDD<QueryBlock> allBlocks,
      Broadcast<Map<SequenceKey, SequencePlan>> plans,
      EvaluationConfig config,
      long seed,
      int partitions) {
    JavaPairRDD<BlockKey, QueryBlock.Entry> entries =
        allBlocks
            .filter(block -> plans.value().get(block.sequence()).pairsUseSampledBlocks())
            .flatMapToPair(block -> sampledEntries(block, plans.value(), seed).iterator());
    return build(entries, config.d(), partitions);
  }

  private static List<Tuple2<BlockKey, QueryBlock.Entry>> sampledEntries(
      QueryBlock block, Map<SequenceKey, SequencePlan> plans, long seed) {
    SequencePlan plan = plans.get(block.sequence());
    int d = block.d();
    List<Tuple2<BlockKey, QueryBlock.Entry>> entries = new ArrayList<>();
    for (int i = 0; i < block.size(); i++) {
      if (!block.exact()[i]) {
        continue;
      }
      long id = block.ids()[i];
      double[] q = new double[d];
      System.arraycopy(block.queries(), i * d, q, 0, d);
      long sampledBlock = plan.sampledBlockOf(QueryBlock.sampleKey(seed, block.sequence(), id));
      long position = plan.selfAttention() ? id : Long.MAX_VALUE;
      entries.add(
          new Tuple2<>(
              new BlockKey(block.sequence(), sampledBlock),
              new QueryBlock.Entry(id, q, true, position)));
    }
    return entries;
  }

  private static JavaRDD<QueryBlock> build(
      JavaPairRDD<BlockKey, QueryBlock.Entry> entries, int d, int partitions) {
    return entries
        .aggregateByKey(
            new QueryBlock.Builder(),
            partitions,
            QueryBlock.Builder::add,
            QueryBlock.Builder::merge)
        .map(entry -> entry._2().build(entry._1(), d));
  }

  private static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
