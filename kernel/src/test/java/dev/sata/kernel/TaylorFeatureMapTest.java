package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaylorFeatureMapTest {

  /** phi_q(q) . phi_k(k) = T_P(q.k / c) for both placements and awkward d. */
  @Test
  void featureProductIsTruncatedExponential() {
    Random random = new Random(61);
    for (WeightPlacement placement : WeightPlacement.values()) {
      for (int d : new int[] {1, 2, 5, 13}) {
        for (int terms = 1; terms <= 6; terms++) {
          TaylorFeatureMap map = new TaylorFeatureMap(d, terms, 0.9 * Math.sqrt(d), placement);
          double[] q = TestData.gaussian(random, d, 1);
          double[] k = TestData.gaussian(random, d, 1);
          double[] phiQ = new double[map.dimension()];
          double[] phiK = new double[map.dimension()];

          map.mapQuery(q, 0, phiQ, 0);
          map.mapKey(k, 0, phiK, 0);

          double s = TaylorSeries.dot(q, 0, k, 0, d) / map.scale();
          double expected = TaylorSeries.truncatedExp(s, terms);
          double actual = TaylorSeries.dot(phiQ, 0, phiK, 0, map.dimension());
          String what = placement + " d=" + d + " P=" + terms;
          assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), what);
        }
      }
    }
  }

  /** The map for P' terms is the prefix of the map for P terms, at offsets and into offsets. */
  @Test
  void fewerTermsArePrefix() {
    Random random = new Random(62);
    int d = 4;
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, 6);
    double[] x = TestData.gaussian(random, d + 3, 1);
    double[] full = new double[map.dimension()];
    map.mapKey(x, 3, full, 0);

    for (int terms = 1; terms <= 6; terms++) {
      TaylorFeatureMap smaller = TaylorFeatureMap.withDefaultScale(d, terms);
      double[] out = new double[smaller.dimension() + 2];
      smaller.mapKey(x, 3, out, 2);
      double[] prefix = Arrays.copyOf(full, map.dimension(terms));

      assertEquals(smaller.dimension(), map.dimension(terms), "D(P') for P'=" + terms);
      assertArrayEquals(prefix, Arrays.copyOfRange(out, 2, out.length), 0, "prefix P'=" + terms);
    }
    assertEquals(map.dimension(), map.degreeOffset(6), "degreeOffset(P) = D");
    assertEquals(1 + 4 + 10, map.degreeOffset(3), "1 + m_1 + m_2");
  }

  /** KEY_SIDE queries are the plain monomials; SPLIT query and key maps are identical. */
  @Test
  void placementsPutWeightsWhereDocumented() {
    double[] x = {2, 3};
    TaylorFeatureMap keySide = new TaylorFeatureMap(2, 3, 2.0, WeightPlacement.KEY_SIDE);
    double[] query = new double[6];
    double[] key = new double[6];

    keySide.mapQuery(x, 0, query, 0);
    keySide.mapKey(x, 0, key, 0);

    // rows: (), (0), (1), (0,0), (0,1), (1,1); alpha_1 = 1/2, alpha_2 = 1/8, C_2 = 1, 2, 1
    assertArrayEquals(new double[] {1, 2, 3, 4, 6, 9}, query, 0, "KEY_SIDE query");
    assertArrayEquals(new double[] {1, 1, 1.5, 0.5, 1.5, 9.0 / 8}, key, 1e-15, "KEY_SIDE key");

    TaylorFeatureMap split = new TaylorFeatureMap(2, 3, 2.0, WeightPlacement.SPLIT);
    split.mapQuery(x, 0, query, 0);
    split.mapKey(x, 0, key, 0);
    assertArrayEquals(query, key, 0, "SPLIT query = key");
  }

  /** The block map equals the one-key map for every key, with zero padding lanes, both paths. */
  @Test
  void blockMapMatchesSingleKeys() {
    Random random = new Random(63);
    StateKernels[] paths = {ScalarStateKernels.INSTANCE, KernelProvider.loadVectorKernels()};
    for (StateKernels kernels : paths) {
      for (int d : new int[] {1, 3, 7}) {
        TaylorFeatureMap map = new TaylorFeatureMap(d, 5, 1.1, WeightPlacement.KEY_SIDE);
        int dimension = map.dimension();
        int block = 16;
        int count = 11;
        double[] keys = TestData.gaussian(random, 2 + count * d, 1);
        double[] out = new double[dimension * block];
        java.util.Arrays.fill(out, Double.NaN);

        map.mapKeyBlock(kernels, keys, 2, count, block, new double[d * block], out);

        double[] single = new double[dimension];
        for (int b = 0; b < block; b++) {
          if (b < count) {
            map.mapKey(keys, 2 + b * d, single, 0);
          } else {
            java.util.Arrays.fill(single, 0);
          }
          double[] lane = new double[dimension];
          for (int r = 0; r < dimension; r++) {
            lane[r] = out[r * block + b];
          }
          String what = kernels.name() + " d=" + d + " lane " + b;
          TestData.assertClose(single, lane, 1e-15, what);
        }
      }
    }
  }

  /** Java serialization keeps the configuration and rebuilds the tables. */
  @Test
  void serializationRebuildsTables() throws Exception {
    TaylorFeatureMap map = new TaylorFeatureMap(3, 4, 1.25, WeightPlacement.KEY_SIDE);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(map);
    }
    TaylorFeatureMap copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
      copy = (TaylorFeatureMap) in.readObject();
    }

    double[] x = {0.5, -1, 2};
    double[] expected = new double[map.dimension()];
    double[] actual = new double[map.dimension()];
    map.mapKey(x, 0, expected, 0);
    copy.mapKey(x, 0, actual, 0);
    assertEquals(map, copy, "configuration");
    assertArrayEquals(expected, actual, 0, "key features");
    assertTrue(buffer.size() < 400, "serialized size " + buffer.size() + " bytes, expected < 400");
  }

  /** Invalid arguments name the value. */
  @Test
  void invalidArgumentsAreRejected() {
    assertMessage(
        () -> new TaylorFeatureMap(0, 3, 1, WeightPlacement.SPLIT), "d must be at least 1, got 0");
    assertMessage(
        () -> new TaylorFeatureMap(2, 0, 1, WeightPlacement.SPLIT),
        "P (terms) must be at least 1, got 0");
    assertMessage(
        () -> new TaylorFeatureMap(2, 3, Double.NaN, WeightPlacement.SPLIT),
        "scale must be finite and greater than 0, got NaN");
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(3, 3);
    assertMessage(
        () -> map.mapQuery(new double[2], 0, new double[10], 0),
        "x [d] = [3]: needs 3 numbers from offset 0, but the array length is 2");
    assertMessage(() -> map.dimension(4), "terms must be in [1, 3], got 4");
  }

  /** A state too large for the heap names the heap limit. */
  @Test
  void stateLargerThanHeapIsRejected() {
    long heap = Runtime.getRuntime().maxMemory();
    // d = 32, P = 6: D = 435,897; dv chosen so that 8 D (dv + 1) > heap but D (dv + 1) fits an
    // array
    int dv = (int) Math.min(4000, heap / 8 / 435_897 + 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SymmetricBasis.checkedFeatureCount(32, 6, dv));
    assertTrue(e.getMessage().contains("maximum heap size, " + heap), e.getMessage());
  }

  private static void assertMessage(Runnable action, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertEquals(expected, e.getMessage());
  }
}
