package dev.sata.kernel;

/**
 * Pairwise route of Taylor attention: since {@code phi_q(q) . phi_k(k) = T_P(q.k / c)} exactly,
 * products of features between two explicit token sets follow from the scalar logits, without
 * forming any feature. For one number of terms this costs about {@code nq * nk * (d + P + dv)}
 * multiply-adds against {@code (nq + nk) * D * (dv + 1)} for the state route, which pays off for
 * short sequences and large {@code D}.
 */
public final class PairwiseTaylor {

  private PairwiseTaylor() {}

  /**
   * Adds, for every query {@code i} and every {@code P' = 1 .. maxTerms},
   *
   * <pre>
   *   numerators[((P'-1) * nq + i) * dv + j] += sum_k T_P'(s_ik) v_k[j]
   *   denominators[(P'-1) * nq + i]          += sum_k T_P'(s_ik)
   * </pre>
   *
   * with {@code s_ik = q_i.k_k / c}. When {@code causal}, only keys with {@code keyPositions[k] <=
   * queryPositions[i]} count. The weights for every {@code P'} come from one pass over the powers
   * {@code s^p / p!}. The outputs are added to, not overwritten, so partial sums over key chunks
   * can be accumulated in place. Cost: {@code nq * nk * (d + P + P * dv)} multiply-adds, since
   * every {@code P'} gets its own numerator.
   *
   * @param queries {@code [nq, d]} row-major; not modified
   * @param queryPositions {@code [nq]}; may be null when not causal; not modified
   * @param keys {@code [nk, d]} row-major; not modified
   * @param values {@code [nk, dv]} row-major; not modified
   * @param keyPositions {@code [nk]}; may be null when not causal; not modified
   * @param scale {@code c}, finite and positive
   * @param maxTerms {@code P >= 1}
   * @param numerators {@code [maxTerms, nq, dv]} row-major, added to
   * @param denominators {@code [maxTerms, nq]} row-major, added to
   */
  public static void evaluate(
      double[] queries,
      long[] queryPositions,
      int nq,
      double[] keys,
      double[] values,
      long[] keyPositions,
      int nk,
      int d,
      int dv,
      double scale,
      int maxTerms,
      boolean causal,
      double[] numerators,
      double[] denominators) {
    TaylorSeries.checkPairArguments(
        queries, queryPositions, nq, keys, values, keyPositions, nk, d, dv, causal);
    Checks.requirePositiveFinite("scale", scale);
    Checks.requirePositive("maxTerms", maxTerms);
    String shape = "[maxTerms, nq, dv] = [" + maxTerms + ", " + nq + ", " + dv + "]";
    Checks.requireRange("numerators", numerators, 0, (long) maxTerms * nq * dv, shape);
    Checks.requireRange(
        "denominators",
        denominators,
        0,
        (long) maxTerms * nq,
        "[maxTerms, nq] = [" + maxTerms + ", " + nq + "]");

    double[] weights = new double[maxTerms]; // T_1 .. T_P of one pair
    double[] numeratorSums = new double[maxTerms * dv]; // [P, dv] of one query
    double[] denominatorSums = new double[maxTerms]; // [P] of one query
    for (int i = 0; i < nq; i++) {
      java.util.Arrays.fill(numeratorSums, 0);
      java.util.Arrays.fill(denominatorSums, 0);

      // sums over the visible keys
      for (int k = 0; k < nk; k++) {
        if (causal && keyPositions[k] > queryPositions[i]) {
          continue;
        }
        double s = TaylorSeries.dot(queries, i * d, keys, k * d, d) / scale;
        TaylorSeries.prefixSums(s, maxTerms, weights);
        addWeighted(weights, maxTerms, values, k * dv, dv, numeratorSums, denominatorSums);
      }

      // add into the [P, nq, ...] outputs
      for (int p = 0; p < maxTerms; p++) {
        denominators[p * nq + i] += denominatorSums[p];
        int out = (p * nq + i) * dv;
        for (int j = 0; j < dv; j++) {
          numerators[out + j] += numeratorSums[p * dv + j];
        }
      }
    }
  }

  /** Adds {@code weights[p] * v} to row {@code p} of the numerator sums for every term count. */
  private static void addWeighted(
      double[] weights,
      int maxTerms,
      double[] values,
      int valueOffset,
      int dv,
      double[] numeratorSums,
      double[] denominatorSums) {
    for (int p = 0; p < maxTerms; p++) {
      double w = weights[p];
      denominatorSums[p] += w;
      int row = p * dv;
      for (int j = 0; j < dv; j++) {
        numeratorSums[row + j] += w * values[valueOffset + j];
      }
    }
  }
}
