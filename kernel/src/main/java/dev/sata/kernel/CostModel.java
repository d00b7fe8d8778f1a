package dev.sata.kernel;

import java.math.BigInteger;

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
 * Flop counts are doubles, correct at any size up to the double range. Sizes come twice: as
 * saturating longs for states that are built ({@link #stateSize}, {@link #crossoverLength}), and
 * exactly as {@link BigInteger} for reports ({@code exact*}), where {@code d = 128, P = 16} already
 * gives {@code D ~ 7.6e19}, beyond the long range. {@link #stateFit} checks whether a state can be
 * built at all.
 */
public final class CostModel {

  /** Evaluation route for a query set against a key set. */
  public enum Route {
    /** Build the state of the keys, then contract every query feature vector with it. */
    STATE,
    /** Compute {@code T_P(q.k / c)} for every pair (see {@link PairwiseTaylor}). */
    PAIRWISE
  }

  /**
   * Whether a state of {@code D (dv + 1)} float64 numbers can be allocated, or which limit fails.
   */
  public enum StateFit {
    /** The feature vector and the state fit in Java arrays and in the heap. */
    FITS("fits"),
    /** {@code D} exceeds {@link SymmetricBasis#MAX_ARRAY_LENGTH}. */
    FEATURES_EXCEED_ARRAY_LIMIT("D > max array length"),
    /** {@code D (dv + 1)} exceeds {@link SymmetricBasis#MAX_ARRAY_LENGTH}. */
    STATE_EXCEEDS_ARRAY_LIMIT("D (dv + 1) > max array length"),
    /** {@code 8 D (dv + 1)} bytes exceed the heap. */
    STATE_EXCEEDS_HEAP("8 D (dv + 1) bytes > max heap");

    private final String description;

    StateFit(String description) {
      this.description = description;
    }

    /** Returns whether the state can be built. */
    public boolean buildable() {
      return this == FITS;
    }

    /** Returns {@code fits} or the limit the state exceeds, e.g. {@code D > max array length}. */
    public String description() {
      return description;
    }
  }

  /**
   * Largest exact count, in bits: feature counts of {@code 2^1022} or more, near the double range,
   * are not computed, and their flops are infinite.
   */
  public static final int MAX_EXACT_BITS = 1022;

  private CostModel() {}

  /**
   * Returns {@code D = binom(d+P-1, P-1)} exactly.
   *
   * @throws IllegalArgumentException naming d, P and the limit when {@code D} needs more than
   *     {@link #MAX_EXACT_BITS} bits
   */
  public static BigInteger exactFeatureCount(int d, int terms) {
    Checks.requirePositive("d", d);
    Checks.requirePositive("P (terms)", terms);
    BigInteger count =
        SymmetricBasis.exactBinomial((long) d + terms - 1, terms - 1, MAX_EXACT_BITS);
    if (count == null) {
      throw new IllegalArgumentException(
          "d = "
              + d
              + ", P = "
              + terms
              + ": D = binom(d+P-1, P-1) needs more than "
              + MAX_EXACT_BITS
              + " bits");
    }
    return count;
  }

  /** Returns {@code D (dv + 1)} exactly; throws as {@link #exactFeatureCount} does. */
  public static BigInteger exactStateSize(int d, int dv, int terms) {
    Checks.requirePositive("dv", dv);
    return exactFeatureCount(d, terms).multiply(BigInteger.valueOf(dv + 1L));
  }

  /** Returns {@code n (d + dv)} exactly. */
  public static BigInteger exactKvCacheSize(long n, int d, int dv) {
    Checks.requireNonNegative("n", n);
    Checks.requirePositive("d", d);
    Checks.requirePositive("dv", dv);
    return BigInteger.valueOf(n).multiply(BigInteger.valueOf((long) d + dv));
  }

  /**
   * Returns {@link #crossoverLength} exactly: {@code floor(D (2 dv + 3) / (2d + 2dv + 2)) + 1}.
   * Throws as {@link #exactFeatureCount} does.
   */
  public static BigInteger exactCrossoverLength(int d, int dv, int terms) {
    Checks.requirePositive("dv", dv);
    BigInteger flops = exactFeatureCount(d, terms).multiply(BigInteger.valueOf(2L * dv + 3));
    BigInteger perKey = BigInteger.valueOf(2L * d + 2L * dv + 2);
    return flops.divide(perKey).add(BigInteger.ONE);
  }

  /**
   * Returns whether a state of {@code D (dv + 1)} float64 numbers can be built, by the limits that
   * {@link SymmetricBasis#checkedFeatureCount} enforces through this method: {@code D} and {@code D
   * (dv + 1)} at most {@link SymmetricBasis#MAX_ARRAY_LENGTH}, {@code 8 D (dv + 1)} bytes at most
   * {@code heapBytes}.
   *
   * @param heapBytes the heap to compare with, usually {@link Runtime#maxMemory()}
   */
  public static StateFit stateFit(int d, int dv, int terms, long heapBytes) {
    long features = SymmetricBasis.featureCount(d, terms);
    if (features > SymmetricBasis.MAX_ARRAY_LENGTH) {
      return StateFit.FEATURES_EXCEED_ARRAY_LIMIT;
    }
    long numbers = stateSize(d, dv, terms);
    if (numbers > SymmetricBasis.MAX_ARRAY_LENGTH) {
      return StateFit.STATE_EXCEEDS_ARRAY_LIMIT;
    }
    return saturatedProduct(numbers, Double.BYTES) > heapBytes
        ? StateFit.STATE_EXCEEDS_HEAP
        : StateFit.FITS;
  }

  /**
   * Returns {@code D * (dv + 1)}, the number of stored numbers of one state, saturating at {@link
   * Long#MAX_VALUE}; {@link #exactStateSize} has the exact count.
   */
  public static long stateSize(int d, int dv, int terms) {
    Checks.requirePositive("dv", dv);
    return saturatedProduct(SymmetricBasis.featureCount(d, terms), dv + 1L);
  }

  /**
   * Returns {@code D + 2 D (dv + 1)}, the flops to evaluate one query against a state; infinite
   * when {@code D} needs more than {@link #MAX_EXACT_BITS} bits.
   */
  public static double flopsPerQuery(int d, int dv, int terms) {
    Checks.requirePositive("d", d);
    Checks.requirePositive("dv", dv);
    Checks.requirePositive("P (terms)", terms);
    BigInteger count =
        SymmetricBasis.exactBinomial((long) d + terms - 1, terms - 1, MAX_EXACT_BITS);
    double features = count == null ? Double.POSITIVE_INFINITY : count.doubleValue();
    return features + 2 * features * (dv + 1.0);
  }

  /** Returns {@code D + 2 D (dv + 1)}, the flops to add one key and value to a state. */
  public static double flopsPerKey(int d, int dv, int terms) {
    return flopsPerQuery(d, dv, terms);
  }

  /**
   * Returns {@code n (d + dv)}, the numbers of a conventional key-value cache of {@code n},
   * saturating at {@link Long#MAX_VALUE}; {@link #exactKvCacheSize} has the exact count.
   */
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
   * Long#MAX_VALUE}, and above {@code 2^53} it is rounded; {@link #exactCrossoverLength} is exact.
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
