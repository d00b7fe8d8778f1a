package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CausalChunkTest {

  private static final double TOLERANCE = 1e-12;

  /**
   * Chunked causal evaluation, both routes and several chunk sizes (1, ragged tails, one chunk),
   * equals token-by-token streaming through one state.
   */
  @Test
  void chunkedRoutesMatchStreaming() {
    Random random = new Random(31);
    int d = 3;
    int dv = 2;
    int n = 23;
    int terms = 5;
    TaylorFeatureMap map = new TaylorFeatureMap(d, terms, 1.6, WeightPlacement.SPLIT);
    double[] keys = TestData.gaussian(random, n * d, 1);
    double[] values = TestData.gaussian(random, n * dv, 1);
    double[] queries = TestData.gaussian(random, n * d, 1);
    double[][] expected = streaming(map, dv, queries, keys, values, n);

    for (CausalChunk.Route route : CausalChunk.Route.values()) {
      for (int chunkSize : new int[] {1, 2, 5, 7, 22, 23, 40}) {
        double[][] actual = chunked(map, dv, queries, null, keys, values, n, chunkSize, route);
        for (int p = 0; p < terms; p++) {
          String what = route + " chunk " + chunkSize + " P'=" + (p + 1);
          TestData.assertClose(expected[p], actual[p], TOLERANCE, what);
        }
      }
    }
  }

  /** Rows without a query keep their previous content; rows with one are written. */
  @Test
  void rowsWithoutQueryAreUntouched() {
    Random random = new Random(32);
    int d = 2;
    int dv = 3;
    int n = 9;
    int terms = 4;
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, terms);
    double[] keys = TestData.gaussian(random, n * d, 1);
    double[] values = TestData.gaussian(random, n * dv, 1);
    double[] queries = TestData.gaussian(random, n * d, 1);
    boolean[] hasQuery = new boolean[n];
    for (int t = 0; t < n; t += 3) {
      hasQuery[t] = true;
    }
    double[][] expected = streaming(map, dv, queries, keys, values, n);

    for (CausalChunk.Route route : CausalChunk.Route.values()) {
      double[] numerators = new double[terms * n * dv];
      double[] denominators = new double[terms * n];
      Arrays.fill(numerators, -7);
      Arrays.fill(denominators, -7);
      TaylorState prefix = TaylorState.empty(map, dv, Precision.FLOAT64);

      CausalChunk.evaluate(
          prefix, queries, hasQuery, keys, values, n, route, numerators, denominators);

      for (int p = 0; p < terms; p++) {
        for (int t = 0; t < n; t++) {
          double[] row = Arrays.copyOfRange(numerators, (p * n + t) * dv, (p * n + t + 1) * dv);
          if (hasQuery[t]) {
            double[] output = TestData.divide(row, 0, denominators, p * n + t, 1, dv);
            double[] reference = Arrays.copyOfRange(expected[p], t * dv, (t + 1) * dv);
            TestData.assertClose(reference, output, TOLERANCE, route + " row " + t);
          } else {
            double[] untouched = new double[dv];
            Arrays.fill(untouched, -7);
            TestData.assertClose(untouched, row, 0, route + " untouched row " + t);
            assertEquals(-7, denominators[p * n + t], 0, route + " untouched denominator " + t);
          }
        }
      }
    }
  }

  /** Route choice: running sum wins for long chunks, the masked product for short ones. */
  @Test
  void chooseRouteFollowsCost() {
    TaylorFeatureMap large = TaylorFeatureMap.withDefaultScale(32, 6);
    assertEquals(
        CausalChunk.Route.MASKED_PRODUCT,
        CausalChunk.chooseRoute(128, large, 32),
        "d=32 P=6 n=128");
    TaylorFeatureMap small = TaylorFeatureMap.withDefaultScale(2, 2);
    assertEquals(
        CausalChunk.Route.RUNNING_SUM, CausalChunk.chooseRoute(512, small, 2), "d=2 P=2 n=512");
  }

  /** Short output arrays are rejected with the shape in the message. */
  @Test
  void shortOutputIsRejected() {
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(2, 3);
    TaylorState prefix = TaylorState.empty(map, 1, Precision.FLOAT64);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CausalChunk.evaluate(
                    prefix,
                    new double[4],
                    null,
                    new double[4],
                    new double[2],
                    2,
                    CausalChunk.Route.RUNNING_SUM,
                    new double[5],
                    new double[6]));
    assertEquals(
        "numerators [P, n, dv] = [3, 2, 1]: needs 6 numbers from offset 0, but the array length is 5",
        e.getMessage());
  }

  /** Streams token by token: outputs[P'-1] is [n, dv] of y_t with P' terms. */
  private static double[][] streaming(
      TaylorFeatureMap map, int dv, double[] queries, double[] keys, double[] values, int n) {
    int d = map.d();
    int terms = map.terms();
    TaylorState state = TaylorState.empty(map, dv, Precision.FLOAT64);
    double[][] outputs = new double[terms][n * dv];
    double[] numerator = new double[dv];
    for (int t = 0; t < n; t++) {
      state.accumulate(keys, t * d, values, t * dv);
      for (int p = 1; p <= terms; p++) {
        double denominator = state.evaluate(queries, t * d, p, numerator, 0);
        for (int j = 0; j < dv; j++) {
          outputs[p - 1][t * dv + j] = numerator[j] / denominator;
        }
      }
    }
    return outputs;
  }

  /** Splits into chunks, scans the prefix states, evaluates each chunk; same layout as above. */
  private static double[][] chunked(
      TaylorFeatureMap map,
      int dv,
      double[] queries,
      boolean[] hasQuery,
      double[] keys,
      double[] values,
      int n,
      int chunkSize,
      CausalChunk.Route route) {
    int d = map.d();
    int terms = map.terms();
    double[][] outputs = new double[terms][n * dv];
    TaylorState prefix = TaylorState.empty(map, dv, Precision.FLOAT64);

    for (int start = 0; start < n; start += chunkSize) {
      // chunk slices
      int length = Math.min(chunkSize, n - start);
      double[] chunkQueries = Arrays.copyOfRange(queries, start * d, (start + length) * d);
      double[] chunkKeys = Arrays.copyOfRange(keys, start * d, (start + length) * d);
      double[] chunkValues = Arrays.copyOfRange(values, start * dv, (start + length) * dv);

      // evaluate against the prefix
      double[] numerators = new double[terms * length * dv];
      double[] denominators = new double[terms * length];
      CausalChunk.evaluate(
          prefix,
          chunkQueries,
          hasQuery,
          chunkKeys,
          chunkValues,
          length,
          route,
          numerators,
          denominators);
      for (int p = 0; p < terms; p++) {
        double[] block =
            TestData.divide(numerators, p * length * dv, denominators, p * length, length, dv);
        System.arraycopy(block, 0, outputs[p], start * dv, length * dv);
      }

      // exclusive scan: add this chunk's state to the prefix
      prefix.merge(
          CausalChunk.chunkState(map, dv, Precision.FLOAT64, chunkKeys, chunkValues, length));
    }
    return outputs;
  }
}
