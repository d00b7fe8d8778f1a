package dev.sata.kernel;

/**
 * Truncated exponential {@code T_P(s) = sum_{p < P} s^p / p!} and a direct reference evaluation of
 * Taylor attention that forms no features.
 */
public final class TaylorSeries {

  private TaylorSeries() {}

  /**
   * Returns {@code T_P(s)}, summing {@code s^p / p!} term by term.
   *
   * @param terms {@code P >= 1}
   */
  public static double truncatedExp(double s, int terms) {
    Checks.requirePositive("P (terms)", terms);
    double sum = 0;
    double term = 1;
    for (int p = 0; p < terms; p++) {
      if (p > 0) {
        term *= s / p;
      }
      sum += term;
    }
    return sum;
  }

  /**
   * Writes {@code T_1(s) .. T_P(s)} into {@code out[0 .. P-1]} (one pass over the powers).
   *
   * @param out at least {@code maxTerms} entries, overwritten
   */
  public static void truncatedExpAll(double s, int maxTerms, double[] out) {
    Checks.requirePositive("maxTerms", maxTerms);
    Checks.requireRange("out", out, 0, maxTerms, "[P] = [" + maxTerms + "]");
    prefixSums(s, maxTerms, out);
  }

  /** Unchecked body of {@link #truncatedExpAll}, for hot loops. */
  static void prefixSums(double s, int maxTerms, double[] out) {
    double term = 1;
    double sum = 1;
    out[0] = 1;
    for (int p = 1; p < maxTerms; p++) {
      term *= s / p;
      sum += term;
      out[p] = sum;
    }
  }

  /**
   * Evaluates Taylor attention pair by pair as a reference: for query {@code i}, {@code y_i = sum_k
   * T_P(s_ik) v_k / sum_k T_P(s_ik)} with {@code s_ik = q_i.k_k / c}, each {@code T_P} computed as
   * {@code sum_p Math.pow(s, p) / p!}. When {@code causal}, only keys with {@code keyPositions[k]
   * <= queryPositions[i]} count.
   *
   * @param queries {@code [nq, d]} row-major; not modified
   * @param keys {@code [nk, d]} row-major; not modified
   * @param values {@code [nk, dv]} row-major; not modified
   * @param denominators {@code [nq]} written with {@code sum_k T_P(s_ik)} when not null
   * @return the outputs {@code [nq, dv]} row-major (NaN or infinite where a denominator is 0)
   */
  public static double[] directOutputs(
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
      int terms,
      boolean causal,
      double[] denominators) {
    checkPairArguments(queries, queryPositions, nq, keys, values, keyPositions, nk, d, dv, causal);
    Checks.requirePositiveFinite("scale", scale);
    Checks.requirePositive("P (terms)", terms);
    double[] outputs = new double[nq * dv];

    for (int i = 0; i < nq; i++) {
      // weighted sums over the visible keys
      double denominator = 0;
      for (int k = 0; k < nk; k++) {
        if (causal && keyPositions[k] > queryPositions[i]) {
          continue;
        }
        double weight = powerSeries(dot(queries, i * d, keys, k * d, d) / scale, terms);
        denominator += weight;
        for (int j = 0; j < dv; j++) {
          outputs[i * dv + j] += weight * values[k * dv + j];
        }
      }

      // normalise
      for (int j = 0; j < dv; j++) {
        outputs[i * dv + j] /= denominator;
      }
      if (denominators != null) {
        denominators[i] = denominator;
      }
    }
    return outputs;
  }

  /** Returns {@code sum_{p < P} s^p / p!} with explicit powers, independent of the recurrence. */
  private static double powerSeries(double s, int terms) {
    double sum = 0;
    double factorial = 1;
    for (int p = 0; p < terms; p++) {
      if (p > 0) {
        factorial *= p;
      }
      sum += Math.pow(s, p) / factorial;
    }
    return sum;
  }

  /** Returns {@code sum_i a[aOffset + i] * b[bOffset + i]} over {@code d} entries. */
  static double dot(double[] a, int aOffset, double[] b, int bOffset, int d) {
    double sum = 0;
    for (int i = 0; i < d; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /** Shared checks of the pairwise evaluations. */
  static void checkPairArguments(
      double[] queries,
      long[] queryPositions,
      int nq,
      double[] keys,
      double[] values,
      long[] keyPositions,
      int nk,
      int d,
      int dv,
      boolean causal) {
    Checks.requirePositive("d", d);
    Checks.requirePositive("dv", dv);
    Checks.requireNonNegative("nq", nq);
    Checks.requireNonNegative("nk", nk);
    Checks.requireRange("queries", queries, 0, (long) nq * d, "[nq, d] = [" + nq + ", " + d + "]");
    Checks.requireRange("keys", keys, 0, (long) nk * d, "[nk, d] = [" + nk + ", " + d + "]");
    Checks.requireRange("values", values, 0, (long) nk * dv, "[nk, dv] = [" + nk + ", " + dv + "]");
    if (causal) {
      Checks.requireRange("queryPositions", queryPositions, nq);
      Checks.requireRange("keyPositions", keyPositions, nk);
    }
  }
}
