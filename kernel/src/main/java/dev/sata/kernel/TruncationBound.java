package dev.sata.kernel;

/**
 * A priori bounds on the error of the truncated exponential. By Taylor's theorem with the Lagrange
 * remainder, for every real {@code s} and {@code P >= 1},
 *
 * <pre>
 *   |exp(s) - T_P(s)| <= exp(max(s, 0)) |s|^P / P!.
 * </pre>
 *
 * Given the largest {@code |s|} in the data ({@link LogitRange#maxAbs()}), the worst case over
 * {@code |s| <= S} is at {@code s = S}: {@code exp(S) S^P / P!}. Everything is computed in log
 * space, so large {@code S} or {@code P} give {@code +inf} or 0, never an overflow in between.
 */
public final class TruncationBound {

  private TruncationBound() {}

  /**
   * Returns {@code exp(S) S^P / P!} with {@code S = |maxAbsLogit|}: a bound on {@code |exp(s) -
   * T_P(s)|} for every {@code |s| <= S}.
   *
   * @param terms {@code P >= 1}
   */
  public static double weightErrorBound(double maxAbsLogit, int terms) {
    double s = checkedMagnitude(maxAbsLogit, terms);
    if (s == 0) {
      return 0;
    }
    return Math.exp(s + terms * Math.log(s) - logFactorial(terms));
  }

  /**
   * Returns {@code S^P / P!}: a bound on {@code |exp(s) - T_P(s)| / exp(S)} for every {@code |s| <=
   * S}, the weight error relative to the largest weight possible in that range.
   */
  public static double relativeWeightErrorBound(double maxAbsLogit, int terms) {
    double s = checkedMagnitude(maxAbsLogit, terms);
    if (s == 0) {
      return 0;
    }
    return Math.exp(terms * Math.log(s) - logFactorial(terms));
  }

  /**
   * Returns the smallest {@code P} in {@code [1, maxTerms]} with {@code weightErrorBound(S, P) <=
   * tolerance}, or -1 when no such {@code P} exists up to {@code maxTerms}.
   */
  public static int smallestTerms(double maxAbsLogit, double tolerance, int maxTerms) {
    Checks.requirePositive("maxTerms", maxTerms);
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be non-negative, got " + tolerance);
    }
    for (int terms = 1; terms <= maxTerms; terms++) {
      if (weightErrorBound(maxAbsLogit, terms) <= tolerance) {
        return terms;
      }
    }
    return -1;
  }

  /** Returns {@code ln(n!)} by summing logarithms (exact enough for the small n used here). */
  static double logFactorial(int n) {
    double sum = 0;
    for (int i = 2; i <= n; i++) {
      sum += Math.log(i);
    }
    return sum;
  }

  private static double checkedMagnitude(double maxAbsLogit, int terms) {
    Checks.requirePositive("P (terms)", terms);
    if (Double.isNaN(maxAbsLogit)) {
      throw new IllegalArgumentException("maxAbsLogit must not be NaN");
    }
    return Math.abs(maxAbsLogit);
  }
}
