package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.kernel.PairwiseTaylor;
import dev.sata.kernel.SoftmaxPartial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import scala.Tuple2;

/**
 * Partial sums of one query block over some of its sequence's key chunks: the Taylor numerators and
 * denominators for every {@code P' = 1 .. Pmax} (pairwise route) and the exact softmax partials
 * {@code (m, l, o)} of the queries that get exact attention. Partials over disjoint key chunks
 * merge by addition and by the softmax merge, so the order of merging does not matter beyond
 * rounding.
 */
@DefaultSerializer(JavaSerializer.class)
final class BlockPartial implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long[] ids; // [m] query ids
  private final double[] numerators; // [Pmax, m, dv] row-major, null without the Taylor part
  private final double[] denominators; // [Pmax, m] row-major, null without the Taylor part
  private final SoftmaxPartial[] exact; // [m], null where the query gets no exact attention

  private BlockPartial(
      long[] ids, double[] numerators, double[] denominators, SoftmaxPartial[] exact) {
    this.ids = ids;
    this.numerators = numerators;
    this.denominators = denominators;
    this.exact = exact;
  }

  /**
   * Evaluates one query block against one key chunk of its sequence.
   *
   * @param taylor whether to compute the Taylor sums (pairwise route) besides the exact partials
   */
  static BlockPartial compute(
      QueryBlock block, Chunk chunk, EvaluationConfig config, boolean taylor) {
    int m = block.size();
    int n = chunk.length();
    int d = config.d();
    int dv = config.dv();
    int maxTerms = config.maxTerms();
    boolean causal = config.causal();
    long[] keyPositions = causal ? chunk.positions() : null;

    // Taylor sums for every P' at once
    double[] numerators = null;
    double[] denominators = null;
    if (taylor) {
      numerators = new double[maxTerms * m * dv];
      denominators = new double[maxTerms * m];
      PairwiseTaylor.evaluate(
          block.queries(),
          causal ? block.ids() : null,
          m,
          chunk.keys(),
          chunk.values(),
          keyPositions,
          n,
          d,
          dv,
          config.scale(),
          maxTerms,
          causal,
          numerators,
          denominators);
    }

    // exact softmax partials of the selected queries
    SoftmaxPartial[] exact = new SoftmaxPartial[m];
    for (int i = 0; i < m; i++) {
      if (block.exact()[i]) {
        exact[i] = SoftmaxPartial.empty(dv);
        exact[i].accumulate(
            block.queries(),
            i * d,
            chunk.keys(),
            0,
            chunk.values(),
            0,
            n,
            d,
            config.scale(),
            keyPositions,
            causal ? block.ids()[i] : 0);
      }
    }
    return new BlockPartial(block.ids(), numerators, denominators, exact);
  }

  /** Adds {@code other} (the same block over other key chunks) into this and returns this. */
  BlockPartial merge(BlockPartial other) {
    assert other.ids.length == ids.length : "blocks of different sizes cannot merge";
    if (numerators != null) {
      for (int i = 0; i < numerators.length; i++) {
        numerators[i] += other.numerators[i];
      }
      for (int i = 0; i < denominators.length; i++) {
        denominators[i] += other.denominators[i];
      }
    }
    for (int i = 0; i < exact.length; i++) {
      if (exact[i] != null) {
        exact[i].merge(other.exact[i]);
      }
    }
    return this;
  }

  /** Returns one outcome per query of the block that has a Taylor or an exact part. */
  List<Tuple2<QueryKey, QueryOutcome>> outcomes(SequenceKey sequence, int[] terms, int dv) {
    int m = ids.length;
    List<Tuple2<QueryKey, QueryOutcome>> out = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      QueryOutcome outcome =
          numerators == null
              ? QueryOutcome.taylor(null, null)
              : TermRows.select(terms, numerators, denominators, i, m, dv);
      if (exact[i] != null && exact[i].keyCount() > 0) {
        outcome =
            new QueryOutcome(
                outcome.numerators(),
                outcome.denominators(),
                exact[i].output(),
                exact[i].minLogit(),
                exact[i].maxLogit());
      }
      if (outcome.hasTaylor() || outcome.hasExact()) {
        out.add(new Tuple2<>(new QueryKey(sequence, ids[i]), outcome));
      }
    }
    return out;
  }
}
