package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricBasisTest {

  /** (q.k)^p = sum_r C_p(r) Phi_p(q)[r] Phi_p(k)[r] over the rows, for many (d, p). */
  @Test
  void powerIdentityHoldsForRandomVectors() {
    Random random = new Random(11);
    for (int d = 1; d <= 7; d++) {
      for (int p = 0; p <= 6; p++) {
        double[] q = TestData.gaussian(random, d, 1);
        double[] k = TestData.gaussian(random, d, 1);
        int[][] rows = SymmetricBasis.rows(d, p);
        double[] counts = SymmetricBasis.permutationCounts(d, p);

        double sum = 0;
        for (int r = 0; r < rows.length; r++) {
          sum += counts[r] * monomial(q, rows[r]) * monomial(k, rows[r]);
        }

        double expected = Math.pow(TaylorSeries.dot(q, 0, k, 0, d), p);
        assertEquals(expected, sum, 1e-12 * Math.max(1, Math.abs(expected)), "d=" + d + " p=" + p);
      }
    }
  }

  /** The raw monomials of the feature map equal brute force over all d^p index tuples. */
  @Test
  void featureMapMatchesBruteForceOverAllTuples() {
    Random random = new Random(12);
    for (int d = 1; d <= 4; d++) {
      int terms = 5;
      double[] x = TestData.gaussian(random, d, 1);
      TaylorFeatureMap map = new TaylorFeatureMap(d, terms, 1.0, WeightPlacement.KEY_SIDE);
      double[] features = new double[map.dimension()];
      map.mapQuery(x, 0, features, 0);

      for (int p = 0; p < terms; p++) {
        // brute force: group every tuple by its sorted form
        double[] expected = new double[(int) SymmetricBasis.monomialCount(d, p)];
        double[] expectedCounts = new double[expected.length];
        int[][] rows = SymmetricBasis.rows(d, p);
        int tuples = (int) Math.pow(d, p);
        for (int code = 0; code < tuples; code++) {
          int[] tuple = decode(code, d, p);
          double product = monomial(x, tuple);
          int[] sorted = tuple.clone();
          Arrays.sort(sorted);
          int row = indexOf(rows, sorted);
          expected[row] = product;
          expectedCounts[row]++;
        }

        double[] actual =
            Arrays.copyOfRange(features, map.degreeOffset(p), map.degreeOffset(p + 1));
        assertArrayEquals(expected, actual, 1e-14, "monomials d=" + d + " p=" + p);
        assertArrayEquals(
            expectedCounts, SymmetricBasis.permutationCounts(d, p), 0, "C_p d=" + d + " p=" + p);
      }
    }
  }

  /** sum_r C_p(r) = d^p. */
  @Test
  void permutationCountsSumToDPowerP() {
    for (int d = 1; d <= 9; d++) {
      for (int p = 0; p <= 7; p++) {
        double sum = Arrays.stream(SymmetricBasis.permutationCounts(d, p)).sum();
        assertEquals(Math.pow(d, p), sum, 0, "d=" + d + " p=" + p);
      }
    }
  }

  /** m_p and D against known binomial coefficients. */
  @Test
  void countsMatchKnownBinomials() {
    assertEquals(1, SymmetricBasis.monomialCount(7, 0), "m_0");
    assertEquals(7, SymmetricBasis.monomialCount(7, 1), "m_1 = d");
    assertEquals(28, SymmetricBasis.monomialCount(7, 2), "binom(8, 2)");
    assertEquals(5984, SymmetricBasis.monomialCount(32, 3), "binom(34, 3)");
    assertEquals(1, SymmetricBasis.monomialCount(1, 9), "d = 1 has one row per degree");
    assertEquals(6545, SymmetricBasis.featureCount(32, 4), "binom(35, 3)");
    assertEquals(435_897, SymmetricBasis.featureCount(32, 6), "binom(37, 5)");
    assertEquals(47_905, SymmetricBasis.featureCount(64, 4), "binom(67, 3)");
    assertEquals(1, SymmetricBasis.featureCount(64, 1), "P = 1 is the constant feature");
    assertEquals(65, SymmetricBasis.featureCount(64, 2), "P = 2 is 1 + d");
    assertEquals(
        Long.MAX_VALUE,
        SymmetricBasis.featureCount(1_000_000, 40),
        "saturates past the long range");
  }

  /** D beyond the array limit is rejected with d, P, D and the limit in the message. */
  @Test
  void oversizeFeatureCountIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SymmetricBasis.checkedFeatureCount(512, 6, 1));
    String message = e.getMessage();
    assertTrue(message.contains("d = 512"), message);
    assertTrue(message.contains("P = 6"), message);
    assertTrue(message.contains("D = " + SymmetricBasis.featureCount(512, 6)), message);
    assertTrue(message.contains(String.valueOf(SymmetricBasis.MAX_ARRAY_LENGTH)), message);
  }

  /** A state D * (dv + 1) past the array limit is rejected even when D itself fits. */
  @Test
  void oversizeStateIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SymmetricBasis.checkedFeatureCount(32, 6, 10_000));
    assertTrue(e.getMessage().contains("D * (dv + 1)"), e.getMessage());
    assertTrue(e.getMessage().contains("D = 435897"), e.getMessage());
  }

  /** Feature order of the class comment: d = 3, p = 2. */
  @Test
  void rowsFollowDocumentedOrder() {
    int[][] expected = {{0, 0}, {0, 1}, {1, 1}, {0, 2}, {1, 2}, {2, 2}};
    int[][] actual = SymmetricBasis.rows(3, 2);
    assertEquals(expected.length, actual.length, "row count");
    for (int r = 0; r < expected.length; r++) {
      assertArrayEquals(expected[r], actual[r], "row " + r);
    }
  }

  private static double monomial(double[] x, int[] tuple) {
    double product = 1;
    for (int i : tuple) {
      product *= x[i];
    }
    return product;
  }

  private static int[] decode(int code, int d, int p) {
    int[] tuple = new int[p];
    for (int i = 0; i < p; i++) {
      tuple[i] = code % d;
      code /= d;
    }
    return tuple;
  }

  private static int indexOf(int[][] rows, int[] tuple) {
    for (int r = 0; r < rows.length; r++) {
      if (Arrays.equals(rows[r], tuple)) {
        return r;
      }
    }
    throw new AssertionError("tuple " + Arrays.toString(tuple) + " is not a row");
  }
}
