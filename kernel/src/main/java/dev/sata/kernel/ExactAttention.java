package dev.sata.kernel;

/**
 * Exact softmax attention in float64, the reference for the Taylor approximation: {@code y_i =
 * sum_k exp(s_ik) v_k / sum_k exp(s_ik)} with {@code s_ik = q_i.k_k / c}, computed through {@link
 * SoftmaxPartial} so that no exponential overflows.
 */
public final class ExactAttention {

  private ExactAttention() {}

  /**
   * Returns the softmax outputs of every query over every key.
   *
   * @param queries {@code [nq, d]} row-major; not modified
   * @param keys {@code [nk, d]} row-major, {@code nk >= 1}; not modified
   * @param values {@code [nk, dv]} row-major; not modified
   * @return {@code [nq, dv]} row-major
   */
  public static double[] nonCausal(
      double[] queries,
      int nq,
      double[] keys,
      double[] values,
      int nk,
      int d,
      int dv,
      double scale) {
    Checks.requirePositive("nk", nk);
    return outputs(partials(queries, null, nq, keys, values, null, nk, d, dv, scale, false), dv);
  }

  /**
   * Returns the causal softmax outputs: query {@code i} attends to the keys with {@code
   * keyPositions[k] <= queryPositions[i]}.
   *
   * @param queryPositions {@code [nq]}; not modified
   * @param keyPositions {@code [nk]}; not modified
   * @return {@code [nq, dv]} row-major
   * @throws IllegalStateException when a query sees no key
   */
  public static double[] causal(
      double[] queries,
      long[] queryPositions,
      int nq,
      double[] keys,
      double[] values,
      long[] keyPositions,
      int nk,
      int d,
      int dv,
      double scale) {
    return outputs(
        partials(queries, queryPositions, nq, keys, values, keyPositions, nk, d, dv, scale, true),
        dv);
  }

  /**
   * Returns one {@link SoftmaxPartial} per query over the given keys (causally masked when asked),
   * for merging with the partials of other key chunks.
   */
  public static SoftmaxPartial[] partials(
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
      boolean causal) {
    TaylorSeries.checkPairArguments(
        queries, queryPositions, nq, keys, values, keyPositions, nk, d, dv, causal);
    SoftmaxPartial[] partials = new SoftmaxPartial[nq];
    for (int i = 0; i < nq; i++) {
      partials[i] = SoftmaxPartial.empty(dv);
      partials[i].accumulate(
          queries,
          i * d,
          keys,
          0,
          values,
          0,
          nk,
          d,
          scale,
          causal ? keyPositions : null,
          causal ? queryPositions[i] : 0);
    }
    return partials;
  }

  private static double[] outputs(SoftmaxPartial[] partials, int dv) {
    double[] outputs = new double[partials.length * dv];
    for (int i = 0; i < partials.length; i++) {
      System.arraycopy(partials[i].output(), 0, outputs, i * dv, dv);
    }
    return outputs;
  }
}
