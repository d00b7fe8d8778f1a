package dev.sata.jobs.niah;

import dev.sata.kernel.SoftmaxPartial;
import dev.sata.kernel.TaylorSeries;

/**
 * Puts needles into an already reduced haystack: each inserted token replaces the haystack token at
 * its position, without another pass over the haystack.
 *
 * <p>Taylor state: replacing token {@code (k_old, v_old)} by {@code (k_new, v_new)} is the rank-1
 * update {@code H' = H - phi(k_old) v_old^T + phi(k_new) v_new^T} (and the same for {@code z}).
 * Only its contraction with the query is needed, and {@code phi(q) . phi(k) = T_P(q.k / c)}
 * exactly, so {@code phi(q)^T H' = phi(q)^T H - T_P(s_old) v_old + T_P(s_new) v_new}: {@code O(d +
 * P dv)} per token and query for every {@code P' <= P} at once, instead of {@code O(D dv)} for the
 * state update.
 *
 * <p>Exact softmax: from the haystack partial {@code (m, l, o)}, the replaced token is removed by
 * {@code l -= e^(s_old - m)}, {@code l o -= e^(s_old - m) v_old}, then the inserted tokens are
 * added with the usual rescaling to the new maximum. The removal cancels digits only when the
 * removed token carries almost all of the haystack's weight; its absolute error is about {@code
 * 1e-16 l}, and in the synthetic tasks the needle's logit {@code L} is the largest possible one, so
 * the error relative to the final normaliser stays near {@code 1e-16 l / (l' + e^(L - m))} with
 * {@code l <= n}.
 */
final class NeedlePlacement {

  private NeedlePlacement() {}

  /**
   * Applies the replacements to one query's Taylor entry, for every {@code P' = 1 .. P}.
   *
   * @param query {@code d} numbers from {@code queryOffset} (the query sent, {@code L u}); not
   *     modified
   * @param entry {@code [P, dv + 1]}: per {@code P'} the numerator then the denominator; updated
   * @param removed the replaced haystack tokens, each {@code [d + dv]} (key then value)
   * @param insertedKeys {@code [m, d]}; not modified
   * @param insertedValues {@code [m, dv]}; not modified
   */
  static void placeTaylor(
      double[] query,
      int queryOffset,
      int d,
      int dv,
      int terms,
      double[] entry,
      double[][] removed,
      double[] insertedKeys,
      double[] insertedValues) {
    double c = Math.sqrt(d);
    double[] series = new double[terms];

    // remove the replaced haystack tokens
    for (double[] token : removed) {
      double s = Codebook.dot(query, queryOffset, token, 0, d) / c;
      TaylorSeries.truncatedExpAll(s, terms, series);
      addWeighted(entry, series, -1, token, d, dv, terms);
    }

    // add the inserted tokens
    int m = insertedKeys.length / d;
    double[] token = new double[d + dv];
    for (int j = 0; j < m; j++) {
      System.arraycopy(insertedKeys, j * d, token, 0, d);
      System.arraycopy(insertedValues, j * dv, token, d, dv);
      double s = Codebook.dot(query, queryOffset, insertedKeys, j * d, d) / c;
      TaylorSeries.truncatedExpAll(s, terms, series);
      addWeighted(entry, series, 1, token, d, dv, terms);
    }
  }

  /**
   * Returns the exact softmax sums of one query after the replacements.
   *
   * @param haystack the partial of the haystack without needles; not modified
   */
  static ExactSums placeExact(
      SoftmaxPartial haystack,
      double[] query,
      int queryOffset,
      int d,
      int dv,
      double[][] removed,
      double[] insertedKeys,
      double[] insertedValues) {
    double c = Math.sqrt(d);
    ExactSums sums = ExactSums.of(haystack);

    // remove the replaced haystack tokens
    for (double[] token : removed) {
      double s = Codebook.dot(query, queryOffset, token, 0, d) / c;
      sums.add(s, token, d, -1);
    }

    // add the inserted tokens
    int m = insertedKeys.length / d;
    double[] value = new double[dv];
    for (int j = 0; j < m; j++) {
      double s = Codebook.dot(query, queryOffset, insertedKeys, j * d, d) / c;
      System.arraycopy(insertedValues, j * dv, value, 0, dv);
      sums.add(s, value, 0, 1);
    }
    return sums;
  }

  private static void addWeighted(
      double[] entry, double[] series, double sign, double[] token, int d, int dv, int terms) {
    for (int p = 0; p < terms; p++) {
      double weight = sign * series[p];
      int base = p * (dv + 1);
      for (int j = 0; j < dv; j++) {
        entry[base + j] += weight * token[d + j];
      }
      entry[base + dv] += weight;
    }
  }

  /**
   * Exact softmax sums relative to a running maximum logit: {@code l = sum e^(s - max)} and {@code
   * w = sum e^(s - max) v}; the output is {@code w / l}. Modified by {@link #add}.
   */
  static final class ExactSums {
    private double max;
    private double normalizer;
    private final double[] weighted;

    private ExactSums(double max, double normalizer, double[] weighted) {
      this.max = max;
      this.normalizer = normalizer;
      this.weighted = weighted;
    }

    /** Returns the sums of a partial: {@code max = m}, {@code l}, {@code w = l o}. */
    static ExactSums of(SoftmaxPartial partial) {
      double[] weighted = new double[partial.dv()];
      if (partial.keyCount() == 0) {
        return new ExactSums(Double.NEGATIVE_INFINITY, 0, weighted);
      }
      double[] output = partial.output();
      for (int j = 0; j < weighted.length; j++) {
        weighted[j] = output[j] * partial.normalizer();
      }
      return new ExactSums(partial.maxLogit(), partial.normalizer(), weighted);
    }

    /**
     * Adds ({@code sign = 1}) or removes ({@code sign = -1}) a token of logit {@code s} and value
     * {@code value[offset .. offset+dv)}. A removed token must have been added before, so its logit
     * is at most the current maximum.
     */
    void add(double s, double[] value, int offset, int sign) {
      if (sign > 0 && s > max) {
        double factor = Math.exp(max - s);
        normalizer *= factor;
        for (int j = 0; j < weighted.length; j++) {
          weighted[j] *= factor;
        }
        max = s;
      }
      double weight = sign * Math.exp(s - max);
      normalizer += weight;
      for (int j = 0; j < weighted.length; j++) {
        weighted[j] += weight * value[offset + j];
      }
    }

    /** Returns the softmax weight of a token of logit {@code s}: {@code e^(s - max) / l}. */
    double weightOf(double s) {
      return Math.exp(s - max) / normalizer;
    }

    /** Returns the output {@code w / l} (a new array). */
    double[] output() {
      double[] out = new double[weighted.length];
      for (int j = 0; j < out.length; j++) {
        out[j] = weighted[j] / normalizer;
      }
      return out;
    }

    /** Returns {@code l}, relative to the current maximum logit. */
    double normalizer() {
      return normalizer;
    }
  }
}
