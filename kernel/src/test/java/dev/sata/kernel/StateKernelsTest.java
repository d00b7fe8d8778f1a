package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API loops against the scalar reference over awkward sizes. */
class StateKernelsTest {

  private static final StateKernels SCALAR = ScalarStateKernels.INSTANCE;
  private static final StateKernels VECTOR = KernelProvider.loadVectorKernels();
  private static final int[] SIZES = {1, 2, 3, 7, 8, 13, 17, 33, 64, 207};

  /** Surefire starts the JVM with --add-modules jdk.incubator.vector, so the vector path loads. */
  @Test
  void vectorPathIsAvailableUnderTest() {
    assertTrue(VECTOR != null, "vector kernels expected with several lanes");
    assertTrue(VECTOR.name().startsWith("vector"), VECTOR.name());
  }

  /** scale and multiply agree exactly (one rounding each in both paths). */
  @Test
  void scaleAndMultiplyMatchScalar() {
    Random random = new Random(71);
    for (int count : SIZES) {
      double[] in = TestData.gaussian(random, count + 5, 1);
      double[] weights = TestData.gaussian(random, count, 1);
      double[] expected = new double[count + 3];
      double[] actual = new double[count + 3];

      SCALAR.scale(in, 5, 1.7, expected, 3, count);
      VECTOR.scale(in, 5, 1.7, actual, 3, count);
      TestData.assertClose(expected, actual, 0, "scale count " + count);

      SCALAR.multiply(expected, 3, weights, count);
      VECTOR.multiply(actual, 3, weights, count);
      TestData.assertClose(expected, actual, 0, "multiply count " + count);
    }
  }

  /** Lane-wise scaling and row weights agree exactly, for every whole-lane block size. */
  @Test
  void laneLoopsMatchScalar() {
    Random random = new Random(75);
    for (int block : new int[] {8, 16, 24, 32}) {
      for (int rows : new int[] {1, 5, 13}) {
        double[] in = TestData.gaussian(random, 3 + rows * block, 1);
        double[] factors = TestData.gaussian(random, 2 + block, 1);
        double[] weights = TestData.gaussian(random, rows, 1);
        double[] expected = new double[rows * block];
        double[] actual = new double[rows * block];

        SCALAR.scaleLanes(in, 3, factors, 2, expected, 0, rows, block);
        VECTOR.scaleLanes(in, 3, factors, 2, actual, 0, rows, block);
        TestData.assertClose(expected, actual, 0, "scaleLanes block " + block + " rows " + rows);

        SCALAR.multiplyRows(expected, weights, rows, block);
        VECTOR.multiplyRows(actual, weights, rows, block);
        TestData.assertClose(expected, actual, 0, "multiplyRows block " + block + " rows " + rows);
      }
    }
  }

  /** Block updates of H and z agree to rounding for every dv and key count, both precisions. */
  @Test
  void outerProductsMatchScalar() {
    Random random = new Random(72);
    int features = 11;
    for (int dv : SIZES) {
      for (int[] blockAndCount : new int[][] {{8, 1}, {8, 3}, {8, 8}, {32, 32}, {32, 19}}) {
        int block = blockAndCount[0];
        int count = blockAndCount[1];
        double[] phi = TestData.gaussian(random, features * block, 1);
        double[] values = TestData.gaussian(random, count * dv + 2, 1);
        double[] hExpected = TestData.gaussian(random, features * dv, 1);
        double[] hActual = hExpected.clone();
        double[] zExpected = TestData.gaussian(random, features, 1);
        double[] zActual = zExpected.clone();

        SCALAR.addOuterProducts(phi, features, block, values, 2, count, dv, hExpected, zExpected);
        VECTOR.addOuterProducts(phi, features, block, values, 2, count, dv, hActual, zActual);

        String what = "dv " + dv + " block " + block + " count " + count;
        TestData.assertClose(hExpected, hActual, 1e-14, what + " H");
        TestData.assertClose(zExpected, zActual, 0, what + " z");

        float[] valuesFloat = toFloats(values, 0, count * dv);
        float[] hFloatExpected = toFloats(hExpected, 0, hExpected.length);
        float[] hFloatActual = hFloatExpected.clone();
        float[] zFloatExpected = toFloats(zExpected, 0, features);
        float[] zFloatActual = zFloatExpected.clone();
        SCALAR.addOuterProductsFloat(
            phi, features, block, valuesFloat, count, dv, hFloatExpected, zFloatExpected);
        VECTOR.addOuterProductsFloat(
            phi, features, block, valuesFloat, count, dv, hFloatActual, zFloatActual);
        TestData.assertClose(
            toDoubles(hFloatExpected), toDoubles(hFloatActual), 1e-5, what + " float H");
      }
    }
  }

  /** Contractions agree to rounding. */
  @Test
  void contractMatchesScalar() {
    Random random = new Random(73);
    int features = 19;
    for (int dv : SIZES) {
      double[] phi = TestData.gaussian(random, features, 1);
      double[] h = TestData.gaussian(random, features * dv, 1);
      double[] z = TestData.gaussian(random, features, 1);
      double[] expected = new double[dv + 1];
      double[] actual = new double[dv + 1];

      double expectedDenominator = SCALAR.contract(phi, 2, 15, h, z, dv, expected, 1);
      double actualDenominator = VECTOR.contract(phi, 2, 15, h, z, dv, actual, 1);

      TestData.assertClose(expected, actual, 1e-14, "numerator dv " + dv);
      assertEquals(expectedDenominator, actualDenominator, 1e-14 * 15, "denominator dv " + dv);
    }
  }

  /** A whole state built with each path gives the same outputs, for awkward d and dv. */
  @Test
  void statesAgreeAcrossPaths() {
    Random random = new Random(74);
    for (int[] shape : new int[][] {{1, 1}, {3, 7}, {5, 13}, {2, 33}}) {
      int d = shape[0];
      int dv = shape[1];
      int n = 21;
      TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, 5);
      double[] keys = TestData.gaussian(random, n * d, 1);
      double[] values = TestData.gaussian(random, n * dv, 1);
      double[] query = TestData.gaussian(random, d, 1);
      TaylorState scalar = TaylorState.empty(map, dv, Precision.FLOAT64).withKernels(SCALAR);
      TaylorState vector = TaylorState.empty(map, dv, Precision.FLOAT64).withKernels(VECTOR);

      scalar.accumulate(keys, values, n);
      vector.accumulate(keys, values, n);

      String what = "d " + d + " dv " + dv;
      TestData.assertClose(scalar.numeratorState(), vector.numeratorState(), 1e-14, what + " H");
      double[] expected = new double[5 * dv];
      double[] actual = new double[5 * dv];
      double[] expectedDenominators = new double[5];
      double[] actualDenominators = new double[5];
      scalar.evaluateByTerms(query, 0, expected, expectedDenominators);
      vector.evaluateByTerms(query, 0, actual, actualDenominators);
      TestData.assertClose(expected, actual, 1e-13, what + " numerators");
      TestData.assertClose(expectedDenominators, actualDenominators, 1e-13, what + " denominators");
    }
  }

  private static float[] toFloats(double[] values, int from, int count) {
    float[] result = new float[count];
    for (int i = 0; i < count; i++) {
      result[i] = (float) values[from + i];
    }
    return result;
  }

  private static double[] toDoubles(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
