package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorStatsTest {

  /** Merging the statistics of parts equals one pass over all tokens. */
  @Test
  void mergeEqualsOnePass() {
    Random random = new Random(51);
    int dv = 4;
    int n = 1000;
    double[] exact = TestData.gaussian(random, n * dv, 1);
    double[] approx = exact.clone();
    for (int i = 0; i < approx.length; i++) {
      approx[i] += 1e-3 * Math.exp(3 * random.nextGaussian()) * random.nextGaussian();
    }

    ErrorStats onePass = new ErrorStats();
    for (int t = 0; t < n; t++) {
      onePass.add(approx, t * dv, exact, t * dv, dv);
    }
    ErrorStats merged = new ErrorStats();
    for (int part = 0; part < 7; part++) {
      ErrorStats partial = new ErrorStats();
      for (int t = part; t < n; t += 7) {
        partial.add(approx, t * dv, exact, t * dv, dv);
      }
      merged.merge(partial);
    }

    assertEquals(onePass.count(), merged.count(), "count");
    for (String key : onePass.toMap().keySet()) {
      double expected = onePass.toMap().get(key);
      double actual = merged.toMap().get(key);
      assertEquals(expected, actual, 1e-12 * Math.abs(expected), key);
    }
  }

  /** Percentiles lie within the histogram precision of the exact nearest-rank percentiles. */
  @Test
  void percentilesWithinHistogramPrecision() {
    Random random = new Random(52);
    int n = 5001;
    double[] errors = new double[n];
    ErrorStats stats = new ErrorStats();
    for (int t = 0; t < n; t++) {
      double error = Math.exp(4 * random.nextGaussian() - 6);
      errors[t] = error;
      stats.add(new double[] {error}, 0, new double[] {0}, 0, 1); // absolute error = error
    }
    Arrays.sort(errors);

    double factor = Math.pow(10, 1.0 / 100);
    for (double q : new double[] {0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1}) {
      double exact = errors[(int) Math.max(0, Math.ceil(q * n) - 1)];
      double estimate = stats.percentileAbsolute(q);
      assertTrue(
          estimate <= exact * factor * (1 + 1e-12) && estimate >= exact / factor / (1 + 1e-12),
          "q="
              + q
              + ": expected within a factor "
              + factor
              + " of "
              + exact
              + ", actual "
              + estimate);
    }
  }

  /** Figures of known cases: exact zero, scaled vector, zero exact norm, non-finite output. */
  @Test
  void knownCases() {
    ErrorStats stats = new ErrorStats();

    stats.add(new double[] {1, 2}, 0, new double[] {1, 2}, 0, 2); // identical
    stats.add(new double[] {2, 0}, 0, new double[] {1, 0}, 0, 2); // abs 1, rel 1, cos 1
    stats.add(new double[] {0, 1}, 0, new double[] {1, 0}, 0, 2); // abs sqrt 2, rel sqrt 2, cos 0
    stats.add(new double[] {Double.NaN, 0}, 0, new double[] {1, 0}, 0, 2); // left out

    assertEquals(3, stats.count(), "count");
    assertEquals(1, stats.nonFiniteCount(), "non-finite count");
    assertEquals((1 + Math.sqrt(2)) / 3, stats.meanAbsolute(), 1e-15, "mean absolute");
    assertEquals(Math.sqrt(2), stats.maxAbsolute(), 1e-15, "max absolute");
    assertEquals((1 + Math.sqrt(2)) / 3, stats.meanRelative(), 1e-15, "mean relative");
    assertEquals(2.0 / 3, stats.meanCosine(), 1e-15, "mean cosine");
    assertEquals(0, stats.minCosine(), 0, "min cosine");
    assertEquals(0, stats.percentileAbsolute(0.2), 0, "lowest third is exactly zero");

    ErrorStats zeroNorm = new ErrorStats();
    zeroNorm.add(new double[] {0, 0}, 0, new double[] {0, 0}, 0, 2);
    assertEquals(0, zeroNorm.meanRelative(), 0, "relative error 0 when both are zero");
    assertEquals(1, zeroNorm.meanCosine(), 0, "cosine 1 when both are zero");
    zeroNorm.add(new double[] {1, 0}, 0, new double[] {0, 0}, 0, 2);
    assertEquals(Double.POSITIVE_INFINITY, zeroNorm.maxRelative(), "relative error +inf");
  }

  /** The empty statistics report NaN, not zero. */
  @Test
  void emptyStatsAreNaN() {
    ErrorStats stats = new ErrorStats();
    assertTrue(Double.isNaN(stats.meanAbsolute()), "mean absolute " + stats.meanAbsolute());
    assertTrue(Double.isNaN(stats.percentileRelative(0.5)), "p50 " + stats.percentileRelative(0.5));
  }

  /** LogitRange merge equals one pass; empty range is the identity. */
  @Test
  void logitRangeMerges() {
    LogitRange left = new LogitRange();
    left.add(-3);
    left.add(2);
    LogitRange right = new LogitRange();
    right.addLogits(new double[] {1, 1}, 0, new double[] {4, 4, -1, 0}, 0, 2, 2, 2.0);

    left.merge(right).merge(new LogitRange());

    assertEquals(-3, left.min(), 0, "min");
    assertEquals(4, left.max(), 0, "max");
    assertEquals(4, left.maxAbs(), 0, "max abs");
    assertEquals(4, left.count(), "count");
  }
}
