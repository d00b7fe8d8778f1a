package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Random inputs and comparisons shared by the kernel tests. */
final class TestData {

  private TestData() {}

  /** Returns {@code count} independent N(0, sigma^2) numbers. */
  static double[] gaussian(Random random, int count, double sigma) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = sigma * random.nextGaussian();
    }
    return values;
  }

  /** Returns the positions {@code 0 .. n-1}. */
  static long[] positions(int n) {
    long[] positions = new long[n];
    for (int i = 0; i < n; i++) {
      positions[i] = i;
    }
    return positions;
  }

  /**
   * Returns {@code max_i |actual_i - expected_i| / max_i |expected_i|} over {@code count} entries:
   * the error relative to the scale of the whole vector, which stays meaningful for entries near
   * zero.
   */
  static double relativeDifference(
      double[] expected, int expectedOffset, double[] actual, int actualOffset, int count) {
    double difference = 0;
    double magnitude = 0;
    for (int i = 0; i < count; i++) {
      difference =
          Math.max(difference, Math.abs(actual[actualOffset + i] - expected[expectedOffset + i]));
      magnitude = Math.max(magnitude, Math.abs(expected[expectedOffset + i]));
    }
    return magnitude == 0 ? difference : difference / magnitude;
  }

  /**
   * Fails unless the vectors agree to {@code tolerance} relative to the expected vector's scale.
   */
  static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    if (expected.length != actual.length) {
      fail(what + ": expected length " + expected.length + ", actual " + actual.length);
    }
    double difference = relativeDifference(expected, 0, actual, 0, expected.length);
    if (!(difference <= tolerance)) {
      int worst = 0;
      for (int i = 0; i < expected.length; i++) {
        if (Math.abs(actual[i] - expected[i]) > Math.abs(actual[worst] - expected[worst])) {
          worst = i;
        }
      }
      fail(
          what
              + ": relative difference "
              + difference
              + " exceeds "
              + tolerance
              + "; worst at index "
              + worst
              + ": expected "
              + expected[worst]
              + ", actual "
              + actual[worst]);
    }
  }

  /** Returns {@code numerators[i, j] / denominators[i]} for an {@code [n, dv]} block. */
  static double[] divide(
      double[] numerators,
      int numeratorOffset,
      double[] denominators,
      int denominatorOffset,
      int n,
      int dv) {
    double[] outputs = new double[n * dv];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dv; j++) {
        outputs[i * dv + j] =
            numerators[numeratorOffset + i * dv + j] / denominators[denominatorOffset + i];
      }
    }
    return outputs;
  }
}
