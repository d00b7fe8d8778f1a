package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sata.kernel.Precision;
import dev.sata.kernel.SoftmaxPartial;
import dev.sata.kernel.TaylorFeatureMap;
import dev.sata.kernel.TaylorState;
import org.junit.jupiter.api.Test;

/** The rank-1 placement of needles equals a haystack rebuilt with the needles in place. */
class NeedlePlacementTest {

  private static final int D = 5;
  private static final int DV = 3;
  private static final int TERMS = 6;
  private static final int N = 301;

  private final Codebook codebook = new Codebook(11, DV);
  private final SyntheticHaystack haystack = new SyntheticHaystack(11, D, codebook);

  @Test
  void taylorPlacementEqualsRebuiltState() {
    for (NiahTask task : new NiahTask[] {NiahTask.SINGLE, NiahTask.MULTI_KEY}) {
      NeedleSet set = Needles.synthetic(task, 3, 11, D, codebook, 3, 0.8);
      long[] positions = Placement.positions(N, 0.37, set.insertedCount());
      double[] query = scaledQuery(set, 5.5);

      // corrected evaluation of the haystack without needles
      double[] keys = new double[N * D];
      double[] values = new double[N * DV];
      fill(keys, values);
      TaylorState plain = state(keys, values);
      double[] entry = evaluate(plain, query);
      NeedlePlacement.placeTaylor(
          query,
          0,
          D,
          DV,
          TERMS,
          entry,
          removed(keys, values, positions),
          set.keys(),
          set.values());

      // state rebuilt with the needles in place
      insert(keys, values, set, positions);
      double[] rebuilt = evaluate(state(keys, values), query);

      for (int i = 0; i < entry.length; i++) {
        assertEquals(
            rebuilt[i],
            entry[i],
            1e-9 * Math.max(1, Math.abs(rebuilt[i])),
            task + ": entry " + i + " (P' = " + (i / (DV + 1) + 1) + ")");
      }
    }
  }

  @Test
  void exactPlacementEqualsRebuiltPartial() {
    NeedleSet set = Needles.synthetic(NiahTask.MULTI_VALUE, 1, 11, D, codebook, 3, 0.8);
    long[] positions = Placement.positions(N, 1.0, set.insertedCount());
    double[] query = scaledQuery(set, 9);
    double[] keys = new double[N * D];
    double[] values = new double[N * DV];
    fill(keys, values);

    SoftmaxPartial plain = SoftmaxPartial.empty(DV);
    plain.accumulate(query, 0, keys, values, N, D, Math.sqrt(D));
    NeedlePlacement.ExactSums placed =
        NeedlePlacement.placeExact(
            plain, query, 0, D, DV, removed(keys, values, positions), set.keys(), set.values());

    insert(keys, values, set, positions);
    SoftmaxPartial rebuilt = SoftmaxPartial.empty(DV);
    rebuilt.accumulate(query, 0, keys, values, N, D, Math.sqrt(D));

    double[] expected = rebuilt.output();
    double[] actual = placed.output();
    for (int j = 0; j < DV; j++) {
      assertEquals(expected[j], actual[j], 1e-12, "output " + j);
    }
    double needleLogit = 9; // the needle key is c u and the query 9 u
    assertEquals(
        Math.exp(needleLogit - rebuilt.maxLogit()) / rebuilt.normalizer(),
        placed.weightOf(needleLogit),
        1e-12,
        "weight of one needle copy");
  }

  private void fill(double[] keys, double[] values) {
    haystack.fill(new HaystackChunk(0, 0, N, null), keys, values);
  }

  private static double[] scaledQuery(NeedleSet set, double scale) {
    double[] direction = set.queries().get(0).direction();
    double[] query = new double[D];
    for (int i = 0; i < D; i++) {
      query[i] = scale * direction[i];
    }
    return query;
  }

  private static TaylorState state(double[] keys, double[] values) {
    TaylorState state =
        TaylorState.empty(TaylorFeatureMap.withDefaultScale(D, TERMS), DV, Precision.FLOAT64);
    state.accumulate(keys, values, N);
    return state;
  }

  /** Returns the entry layout of {@link BucketTables}: per P' the numerator, then denominator. */
  private static double[] evaluate(TaylorState state, double[] query) {
    double[] numerators = new double[TERMS * DV];
    double[] denominators = new double[TERMS];
    state.evaluateByTerms(query, 0, numerators, denominators);
    double[] entry = new double[TERMS * (DV + 1)];
    for (int p = 0; p < TERMS; p++) {
      System.arraycopy(numerators, p * DV, entry, p * (DV + 1), DV);
      entry[p * (DV + 1) + DV] = denominators[p];
    }
    return entry;
  }

  private static double[][] removed(double[] keys, double[] values, long[] positions) {
    double[][] removed = new double[positions.length][D + DV];
    for (int j = 0; j < positions.length; j++) {
      int t = (int) positions[j];
      System.arraycopy(keys, t * D, removed[j], 0, D);
      System.arraycopy(values, t * DV, removed[j], D, DV);
    }
    return removed;
  }

  private static void insert(double[] keys, double[] values, NeedleSet set, long[] positions) {
    for (int j = 0; j < positions.length; j++) {
      int t = (int) positions[j];
      System.arraycopy(set.keys(), j * D, keys, t * D, D);
      System.arraycopy(set.values(), j * DV, values, t * DV, DV);
    }
  }
}
