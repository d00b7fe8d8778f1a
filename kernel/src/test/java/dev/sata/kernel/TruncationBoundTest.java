package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TruncationBoundTest {

  /**
   * The bound holds on a grid of |s| <= S (up to float64 rounding of the brute force) and is within
   * a factor e^S of the largest error.
   */
  @Test
  void boundCoversBruteForceError() {
    for (double maxAbs : new double[] {0.1, 0.5, 1, 2, 4, 8}) {
      for (int terms = 1; terms <= 12; terms++) {
        double bound = TruncationBound.weightErrorBound(maxAbs, terms);
        double worst = 0;
        for (int i = -1000; i <= 1000; i++) {
          double s = maxAbs * i / 1000.0;
          worst = Math.max(worst, Math.abs(Math.exp(s) - TaylorSeries.truncatedExp(s, terms)));
        }
        String what = "S=" + maxAbs + " P=" + terms;
        double rounding = 8 * Math.ulp(Math.exp(maxAbs)); // float64 error of the brute force
        assertTrue(worst <= bound + rounding, what + ": error " + worst + " > bound " + bound);
        if (bound > 1e-9) {
          assertTrue(
              worst >= bound * Math.exp(-maxAbs) * (1 - 1e-6),
              what + ": bound " + bound + " is looser than e^S times the error " + worst);
        }
      }
    }
  }

  /** Huge arguments give +inf or finite values, never NaN; S = 0 gives 0. */
  @Test
  void extremeArgumentsDoNotOverflow() {
    assertEquals(Double.POSITIVE_INFINITY, TruncationBound.weightErrorBound(800, 4), "S=800");
    assertEquals(0, TruncationBound.weightErrorBound(0, 3), 0, "S=0");
    double tiny = TruncationBound.relativeWeightErrorBound(1e-3, 200);
    assertEquals(0, tiny, 0, "underflows to 0, actual " + tiny);
    double exact = Math.pow(3, 5) / 120;
    assertEquals(exact, TruncationBound.relativeWeightErrorBound(-3, 5), 1e-13 * exact, "S^P/P!");
  }

  /** smallestTerms returns the first P meeting the tolerance, or -1 when none up to maxTerms. */
  @Test
  void smallestTermsMeetsTolerance() {
    int terms = TruncationBound.smallestTerms(2, 1e-6, 40);
    assertTrue(TruncationBound.weightErrorBound(2, terms) <= 1e-6, "P=" + terms + " meets 1e-6");
    assertTrue(TruncationBound.weightErrorBound(2, terms - 1) > 1e-6, "P-1 does not");
    assertEquals(-1, TruncationBound.smallestTerms(10, 1e-9, 5), "none up to 5 for S=10");
  }
}
