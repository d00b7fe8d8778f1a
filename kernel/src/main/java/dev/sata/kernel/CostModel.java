package dev.sata.kernel;

/**
 * Operation and storage counts of Taylor attention and of exact softmax attention, for one head.
 *
 * <p>A floating-point operation (flop) is one addition or one multiplication, so a multiply-add
 * counts 2. With {@code D = binom(d+P-1, P-1)}:
 *
 * <ul>
 *   <li>state: {@code D * (dv + 1)} numbers;
 *   <li>per query (state route): {@code D} for the features plus {@code 2 D (dv + 1)} for the
 *       numerator and the denominator;
 *   <li>per key (state route): {@code D} for the features plus {@code 2 D (dv + 1)} for the update
 *       of {@code H} and {@code z};
 *   <li>exact softmax, one query over {@code n} keys: {@code n (2d + 2dv + 2)}, that is {@code 2d}
 *       for the logit, 1 for the exponential, 1 for the normaliser and {@code 2 dv} for the
 *       weighted value sum ({@code 4 n d + 2 n} when {@code dv = d});
 *   <li>pairwise route, one number of terms: {@code 2 nq nk (d + P + dv)}: per pair a {@code
 *       d}-long dot product, {@code P} series terms and a {@code dv}-long weighted sum.
 * </ul>
 *
 * Counts that can exceed the long range are returned as doubles.
 */
public final class CostModel {

  /** Evaluation route for a query set against a key set. */
  public enum Route {
    /** Build the state of the keys, then contract every query feature vector with it. */
    STATE,
    /** Compute {@code T_P(q.k / c)} for every pair (see {@link PairwiseTaylor}). */
    PAIRWISE
  }

  private CostModel() {}

  /** Returns {@code D * (dv + 1)}, the number of stored numbers of one state. */
  public static long stateSize(int d, int dv, int terms) {
    Checks.requirePositive("dv", dv);
    return saturatedProduct(SymmetricBasis.featureCount(d, terms), dv + 1L);
  }

  /** Returns {@code D + 2 D (dv + 1)}, the flops to evaluate one query against a state. */
  public static double flopsPerQuery(int d, int dv, int terms) {
    Checks.requirePositive("dv", dv);
    double features = SymmetricBasis.featureCount(d, terms);
    return features + 2 * features * (dv + 1.0);
  }

  /** Returns {@code D + 2 D (dv + 1)}, the flops to add one key and value to a state. */
  public static double flopsPerKey(int d, int dv, int terms) {
    return flopsPerQuery(d, dv, terms);
  }

  /** Returns {@code n (d + dv)}, the numbers of a conventional key-value cache of {@code n}. */
  public static long kvCacheSize(long n, int d, int dv) {
    Checks.requireNonNegative("n", n);
    Checks.requirePositive("d", d);
    Checks.requirePositive("dv", dv);
    return saturatedProduct(n, (long) d + dv);
  }

  /** Returns {@code n (2d + 2dv + 2)}, the flops of exact softmax attention for one query. */
  public static double softmaxFlopsPerQuery(long n, int d, int dv) {
    Checks.requireNonNegative("n", n);
    Checks.requirePositive("d", d);
    Checks.requirePositive("dv", dv);
    return n * (2.0 * d + 2.0 * dv + 2.0);
  }

  /**
   * Returns the smallest context length {@code n} at which exact softmax costs more per query than
   * evaluating the state: {@code softmaxFlopsPerQuery(n) > flopsPerQuery}. Saturates at {@link
   * Long#MAX_VALUE}.
   */
  public static long crossoverLength(int d, int dv, int terms) {
    double perKey = 2.0 * d + 2.0 * dv + 2.0;
    double n = Math.floor(flopsPerQuery(d, dv, terms) / perKey) + 1;
    return n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n;
  }

  /** Returns {@code 2 nq nk (d + P + dv)}, the flops of the pairwise route for one {@code P}. */
  public static double pairwiseFlops(long nq, long nk, int d, int dv, int terms) {
    checkCounts(nq, nk, d, dv, terms);
    return 2.0 * nq * nk * ((double) d + terms + dv);
  }

  /**
   * Returns {@code 2 nq nk (d + P + P dv)}, the flops of the pairwise route when the outputs of
   * every {@code P' = 1 .. P} are produced, as {@link PairwiseTaylor#evaluate} does.
   */
  public static double pairwiseFlopsAllTerms(long nq, long nk, int d, int dv, int terms) {
    checkCounts(nq, nk, d, dv, terms);
    return 2.0 * nq * nk * ((double) d + terms + (double) terms * dv);
  }

  /**
   * Returns {@code nk * flopsPerKey + nq * flopsPerQuery = (nq + nk) (D + 2 D (dv + 1))}, the flops
   * of the state route.
   */
  public static double stateRouteFlops(long nq, long nk, int d, int dv, int terms) {
    checkCounts(nq, nk, d, dv, terms);
    return (nq + (double) nk) * flopsPerQuery(d, dv, terms);
  }

  /** Returns the cheaper route by {@link #pairwiseFlops} and {@link #stateRouteFlops}. */
  public static Route chooseRoute(long nq, long nk, int d, int dv, int terms) {
    return pairwiseFlops(nq, nk, d, dv, terms) < stateRouteFlops(nq, nk, d, dv, terms)
        ? Route.PAIRWISE
        : Route.STATE;
  }

  /**
   * Returns the flops of one causal chunk of {@code n} tokens, all with queries, by a running sum:
   * a copy of the prefix state ({@code D (dv + 1)}), then per token one key update and one
   * evaluation for every {@code P'} ({@code 2 (D + 2 D (dv + 1)) + P (dv + 1)}).
   */
  public static double runningSumFlops(long n, int d, int dv, int terms) {
    checkCounts(n, n, d, dv, terms);
    double state = stateSize(d, dv, terms);
    return state + n * (2 * flopsPerQuery(d, dv, terms) + terms * (dv + 1.0));
  }

  /**
   * Returns the flops of one causal chunk of {@code n} tokens, all with queries, by the masked
   * product: per token one evaluation of the prefix state for every {@code P'}, plus the {@code n
   * (n + 1) / 2} visible pairs of the chunk at {@code 2 (d + P + P dv)} each.
   */
  public static double maskedProductFlops(long n, int d, int dv, int terms) {
    checkCounts(n, n, d, dv, terms);
    double pairs = n * (n + 1.0) / 2;
    double perPair = 2.0 * ((double) d + terms + (double) terms * dv);
    return n * (flopsPerQuery(d, dv, terms) + terms * (dv + 1.0)) + pairs * perPair;
  }

  private static void checkCounts(long nq, long nk, int d, int dv, int terms) {
    Checks.requireNonNegative("nq", nq);
    Checks.requireNonNegative("nk", nk);
    Checks.requirePositive("d", d);
    Checks.requirePositive("dv", dv);
    Checks.requirePositive("P (terms)", terms);
  }

  private static long saturatedProduct(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }
}
