package dev.sata.kernel;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Symmetric monomial basis of the powers of a dot product.
 *
 * <p>For {@code x, y} in R^d, {@code (x.y)^p} is a sum over all {@code d^p} index tuples. Every
 * tuple is a permutation of exactly one non-decreasing tuple {@code i1 <= ... <= ip}, so
 *
 * <pre>
 *   (x.y)^p = sum_r C_p(r) * Phi_p(x)[r] * Phi_p(y)[r],   Phi_p(x)[r] = prod_{i in r} x[i],
 * </pre>
 *
 * where {@code r} runs over the {@code m_p = binom(d+p-1, p)} non-decreasing tuples and {@code
 * C_p(r) = p! / prod_j mult_j(r)!} counts the distinct permutations of {@code r} (so {@code sum_r
 * C_p(r) = d^p}). Degree 0 has one row, the empty tuple, with {@code Phi_0 = 1} and {@code C_0 =
 * 1}. Over the degrees {@code p = 0 .. P-1} there are {@code D = sum_p m_p = binom(d+P-1, P-1)}
 * rows.
 *
 * <p><b>Row order.</b> Degree {@code p} rows are grouped into {@code d} blocks by their last index
 * {@code j = 0 .. d-1}. Block {@code j} is the list of degree {@code p-1} rows whose last index is
 * at most {@code j}, in their own order, each with {@code j} appended. Those rows form a prefix of
 * the degree {@code p-1} list, of length {@code binom(j+p-1, p-1)}, so a degree {@code p} feature
 * is one multiplication away from a degree {@code p-1} feature. For {@code d = 2, p = 2} the order
 * is {@code (0,0), (0,1), (1,1)}; for {@code d = 3, p = 2} it is {@code (0,0), (0,1), (1,1), (0,2),
 * (1,2), (2,2)}.
 */
public final class SymmetricBasis {

  /**
   * Largest feature count and largest state length accepted: the usual maximum Java array length, a
   * little below {@link Integer#MAX_VALUE}.
   */
  public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private SymmetricBasis() {}

  /**
   * Returns {@code m_p = binom(d+p-1, p)}, the number of non-decreasing index tuples of length
   * {@code p} over {@code d} indices, or {@link Long#MAX_VALUE} when it exceeds the long range.
   *
   * @param d number of indices, at least 1
   * @param p degree, at least 0
   */
  public static long monomialCount(int d, int p) {
    Checks.requirePositive("d", d);
    Checks.requireNonNegative("p", p);
    return binomial((long) d + p - 1, p);
  }

  /**
   * Returns {@code D = sum_{p < terms} m_p = binom(d+terms-1, terms-1)}, or {@link Long#MAX_VALUE}
   * when it exceeds the long range.
   *
   * @param d number of indices, at least 1
   * @param terms number of Taylor terms {@code P} (degrees {@code 0 .. P-1}), at least 1
   */
  public static long featureCount(int d, int terms) {
    Checks.requirePositive("d", d);
    Checks.requirePositive("P (terms)", terms);
    return binomial((long) d + terms - 1, terms - 1);
  }

  /**
   * Returns {@code D} as an int after checking that a feature vector and a state of {@code D * (dv
   * + 1)} doubles can be allocated.
   *
   * @throws IllegalArgumentException naming d, P, D and the limit when {@code D} or {@code D * (dv
   *     + 1)} exceed {@link #MAX_ARRAY_LENGTH}, or when {@code 8 * D * (dv + 1)} bytes exceed
   *     {@link Runtime#maxMemory()}
   */
  public static int checkedFeatureCount(int d, int terms, int dv) {
    Checks.requirePositive("dv", dv);
    long features = featureCount(d, terms);
    long heap = Runtime.getRuntime().maxMemory();
    CostModel.StateFit fit = CostModel.stateFit(d, dv, terms, heap);
    if (fit.buildable()) {
      return (int) features;
    }

    String what = "d = " + d + ", P = " + terms + ": D = " + features;
    if (fit == CostModel.StateFit.FEATURES_EXCEED_ARRAY_LIMIT) {
      throw new IllegalArgumentException(
          what + " features exceed the limit of " + MAX_ARRAY_LENGTH + " (maximum array length)");
    }

    // D fits in an int here, so D * (dv + 1) fits in a long
    long stateLength = features * ((long) dv + 1);
    String state = what + ", dv = " + dv + ": the state of D * (dv + 1) = " + stateLength;
    if (fit == CostModel.StateFit.STATE_EXCEEDS_ARRAY_LIMIT) {
      throw new IllegalArgumentException(
          state + " numbers exceeds the limit of " + MAX_ARRAY_LENGTH + " (maximum array length)");
    }
    throw new IllegalArgumentException(
        state
            + " doubles ("
            + stateLength * Double.BYTES
            + " bytes) exceeds the limit of the maximum heap size, "
            + heap
            + " bytes");
  }

  /**
   * Returns the non-decreasing index tuples of degree {@code p} in feature order (see the class
   * comment): {@code m_p} rows of length {@code p}. Meant for tests and documentation: the result
   * takes {@code m_p * p} ints.
   */
  public static int[][] rows(int d, int p) {
    int count = checkedCount(d, p);

    // degree 0: the empty tuple
    int[][] previous = {new int[0]};
    for (int degree = 1; degree <= p; degree++) {
      int[][] current = new int[(int) monomialCount(d, degree)][];
      int row = 0;

      // block j: previous rows with last index <= j, then j
      for (int j = 0; j < d; j++) {
        int prefix = (int) binomial((long) j + degree - 1, degree - 1);
        for (int r = 0; r < prefix; r++) {
          int[] tuple = Arrays.copyOf(previous[r], degree);
          tuple[degree - 1] = j;
          current[row++] = tuple;
        }
      }
      previous = current;
    }
    assert previous.length == count;
    return previous;
  }

  /** Returns {@code C_p(r) = p! / prod_j mult_j(r)!} for every degree {@code p} row, in order. */
  public static double[] permutationCounts(int d, int p) {
    int count = checkedCount(d, p);
    double[] counts = new double[count];
    permutationCounts(d, p, counts, 0);
    return counts;
  }

  /**
   * Writes {@code C_q} for every degree {@code q = 0 .. p} into {@code out} from {@code offset},
   * degree after degree, and returns the number written ({@code sum_{q <= p} m_q}). The count of a
   * degree {@code q} row follows from its parent row of degree {@code q-1}: {@code C_q = C_{q-1} *
   * q / run}, where {@code run} is the multiplicity of the appended (largest) index.
   */
  static int permutationCountsUpTo(int d, int p, double[] out, int offset) {
    // degree 0
    out[offset] = 1;
    int[] previousRun = {0};
    int previousStart = offset;
    int position = offset + 1;

    for (int degree = 1; degree <= p; degree++) {
      int[] run = new int[(int) monomialCount(d, degree)];
      int row = 0;
      int lastBlockStart = 0;

      // block j: parents are the degree-1 rows with last index <= j
      for (int j = 0; j < d; j++) {
        int prefix = (int) binomial((long) j + degree - 1, degree - 1);
        for (int r = 0; r < prefix; r++) {
          int multiplicity = r >= lastBlockStart ? previousRun[r] + 1 : 1;
          out[position + row] = out[previousStart + r] * degree / multiplicity;
          run[row++] = multiplicity;
        }
        lastBlockStart = prefix;
      }
      previousStart = position;
      position += row;
      previousRun = run;
    }
    return position - offset;
  }

  private static void permutationCounts(int d, int p, double[] out, int offset) {
    double[] all = new double[(int) featureCount(d, p + 1)];
    permutationCountsUpTo(d, p, all, 0);
    int start = all.length - out.length;
    System.arraycopy(all, start, out, offset, out.length);
  }

  private static int checkedCount(int d, int p) {
    long count = monomialCount(d, p);
    if (count > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(
          "d = " + d + ", p = " + p + ": m_p = " + count + " rows exceed " + MAX_ARRAY_LENGTH);
    }
    return (int) count;
  }

  /** Returns {@code binom(n, k)} for {@code n >= k >= 0}, saturating at {@link Long#MAX_VALUE}. */
  static long binomial(long n, int k) {
    long result = 1;
    for (int i = 1; i <= k; i++) {
      // result is binom(n - k + i - 1, i - 1) here, so the division below is exact
      long factor = n - k + i;
      if (Math.multiplyHigh(result, factor) != 0 || result * factor < 0) {
        return binomialSaturated(n, k);
      }
      result = result * factor / i;
    }
    return result;
  }

  /** Same as {@link #binomial} in arbitrary precision, for counts near the long range. */
  private static long binomialSaturated(long n, int k) {
    BigInteger result = exactBinomial(n, k, 63);
    return result == null ? Long.MAX_VALUE : result.longValueExact();
  }

  /**
   * Returns {@code binom(n, k)} for {@code n >= k >= 0} in arbitrary precision, or null when it
   * needs more than {@code maxBits} bits. Takes at most {@code min(k, n - k)} steps.
   */
  static BigInteger exactBinomial(long n, long k, int maxBits) {
    long steps = Math.min(k, n - k);
    BigInteger result = BigInteger.ONE;
    for (long i = 1; i <= steps; i++) {
      // the partial results binom(n - steps + i, i) grow with i, so the first overflow is final
      result = result.multiply(BigInteger.valueOf(n - steps + i)).divide(BigInteger.valueOf(i));
      if (result.bitLength() > maxBits) {
        return null;
      }
    }
    return result;
  }
}
