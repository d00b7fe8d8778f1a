package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaylorStateTest {

  private static final double TOLERANCE = 1e-12;

  /** Non-causal state route against T_P(q.k / c) for every pair, both placements, P = 1 .. 8. */
  @Test
  void stateMatchesDirectNonCausal() {
    Random random = new Random(21);
    int d = 3;
    int dv = 4;
    int n = 29;
    int nq = 5;
    for (WeightPlacement placement : WeightPlacement.values()) {
      for (int terms = 1; terms <= 8; terms++) {
        double[] keys = TestData.gaussian(random, n * d, 0.7);
        double[] values = TestData.gaussian(random, n * dv, 1);
        double[] queries = TestData.gaussian(random, nq * d, 0.7);
        TaylorFeatureMap map = new TaylorFeatureMap(d, terms, Math.sqrt(d), placement);
        TaylorState state = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, n);

        double[] actual = new double[nq * dv];
        for (int i = 0; i < nq; i++) {
          double denominator = state.evaluate(queries, i * d, terms, actual, i * dv);
          for (int j = 0; j < dv; j++) {
            actual[i * dv + j] /= denominator;
          }
        }

        double[] expected =
            TaylorSeries.directOutputs(
                queries, null, nq, keys, values, null, n, d, dv, map.scale(), terms, false, null);
        TestData.assertClose(expected, actual, TOLERANCE, placement + " P=" + terms);
      }
    }
  }

  /** Causal state route (streaming: add key t, evaluate query t) against direct causal sums. */
  @Test
  void stateMatchesDirectCausal() {
    Random random = new Random(22);
    int d = 2;
    int dv = 3;
    int n = 23;
    for (WeightPlacement placement : WeightPlacement.values()) {
      for (int terms = 1; terms <= 8; terms++) {
        double[] keys = TestData.gaussian(random, n * d, 0.8);
        double[] values = TestData.gaussian(random, n * dv, 1);
        double[] queries = TestData.gaussian(random, n * d, 0.8);
        TaylorFeatureMap map = new TaylorFeatureMap(d, terms, 1.3, placement);
        TaylorState state = TaylorState.empty(map, dv, Precision.FLOAT64);

        double[] actual = new double[n * dv];
        for (int t = 0; t < n; t++) {
          state.accumulate(keys, t * d, values, t * dv);
          double denominator = state.evaluate(queries, t * d, terms, actual, t * dv);
          for (int j = 0; j < dv; j++) {
            actual[t * dv + j] /= denominator;
          }
        }

        long[] positions = TestData.positions(n);
        double[] expected =
            TaylorSeries.directOutputs(
                queries, positions, n, keys, values, positions, n, d, dv, 1.3, terms, true, null);
        TestData.assertClose(expected, actual, TOLERANCE, "causal " + placement + " P=" + terms);
      }
    }
  }

  /** evaluateByTerms row P'-1 equals evaluate with P' terms, for every P'. */
  @Test
  void evaluateByTermsMatchesSeparateEvaluations() {
    Random random = new Random(23);
    int d = 4;
    int dv = 5;
    int n = 17;
    int terms = 6;
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, terms);
    TaylorState state =
        CausalChunk.chunkState(
            map,
            dv,
            Precision.FLOAT64,
            TestData.gaussian(random, n * d, 1),
            TestData.gaussian(random, n * dv, 1),
            n);
    double[] query = TestData.gaussian(random, d, 1);

    double[] numerators = new double[terms * dv];
    double[] denominators = new double[terms];
    state.evaluateByTerms(query, 0, numerators, denominators);

    for (int p = 1; p <= terms; p++) {
      double[] numerator = new double[dv];
      double denominator = state.evaluate(query, 0, p, numerator, 0);
      assertEquals(denominator, denominators[p - 1], TOLERANCE * Math.abs(denominator), "P'=" + p);
      double[] row = java.util.Arrays.copyOfRange(numerators, (p - 1) * dv, p * dv);
      TestData.assertClose(numerator, row, TOLERANCE, "numerator P'=" + p);
    }
  }

  /** The pairwise route gives the same numerators and denominators as the state route. */
  @Test
  void pairwiseMatchesState() {
    Random random = new Random(24);
    int d = 5;
    int dv = 3;
    int nk = 41;
    int nq = 7;
    int terms = 5;
    double scale = Math.sqrt(d);
    double[] keys = TestData.gaussian(random, nk * d, 1);
    double[] values = TestData.gaussian(random, nk * dv, 1);
    double[] queries = TestData.gaussian(random, nq * d, 1);
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, terms);
    TaylorState state = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, nk);

    double[] pairNumerators = new double[terms * nq * dv];
    double[] pairDenominators = new double[terms * nq];
    PairwiseTaylor.evaluate(
        queries,
        null,
        nq,
        keys,
        values,
        null,
        nk,
        d,
        dv,
        scale,
        terms,
        false,
        pairNumerators,
        pairDenominators);

    double[] numerators = new double[terms * dv];
    double[] denominators = new double[terms];
    for (int i = 0; i < nq; i++) {
      state.evaluateByTerms(queries, i * d, numerators, denominators);
      for (int p = 0; p < terms; p++) {
        double[] expected = java.util.Arrays.copyOfRange(numerators, p * dv, (p + 1) * dv);
        double[] actual =
            java.util.Arrays.copyOfRange(pairNumerators, (p * nq + i) * dv, (p * nq + i + 1) * dv);
        TestData.assertClose(expected, actual, TOLERANCE, "query " + i + " P'=" + (p + 1));
        assertEquals(
            denominators[p],
            pairDenominators[p * nq + i],
            TOLERANCE * Math.abs(denominators[p]),
            "denominator query " + i + " P'=" + (p + 1));
      }
    }
  }

  /** Every split of a 7-token sequence, merged by left fold, right fold and balanced tree. */
  @Test
  void mergeIsInvariantToSplitsAndTrees() {
    Random random = new Random(25);
    int d = 3;
    int dv = 2;
    int n = 7;
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, 4);
    double[] keys = TestData.gaussian(random, n * d, 1);
    double[] values = TestData.gaussian(random, n * dv, 1);
    TaylorState whole = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, n);
    double[] expectedH = whole.numeratorState();
    double[] expectedZ = whole.denominatorState();

    // each bit of the mask says whether a chunk boundary follows token i
    for (int mask = 0; mask < 1 << (n - 1); mask++) {
      List<TaylorState> chunks = chunkStates(map, dv, keys, values, n, mask);
      for (String tree : new String[] {"left", "right", "balanced"}) {
        TaylorState merged = mergeTree(chunks, tree);
        String what = "split mask " + Integer.toBinaryString(mask) + " " + tree + " tree";
        TestData.assertClose(expectedH, merged.numeratorState(), TOLERANCE, what + " H");
        TestData.assertClose(expectedZ, merged.denominatorState(), TOLERANCE, what + " z");
        assertEquals(n, merged.tokens(), what + " tokens");
      }
    }
  }

  /** A mismatched merge names both configurations. */
  @Test
  void mergeRejectsMismatchedConfigurations() {
    TaylorState a =
        TaylorState.empty(TaylorFeatureMap.withDefaultScale(3, 4), 2, Precision.FLOAT64);
    TaylorState[] others = {
      TaylorState.empty(TaylorFeatureMap.withDefaultScale(4, 4), 2, Precision.FLOAT64),
      TaylorState.empty(TaylorFeatureMap.withDefaultScale(3, 4), 3, Precision.FLOAT64),
      TaylorState.empty(TaylorFeatureMap.withDefaultScale(3, 5), 2, Precision.FLOAT64),
      TaylorState.empty(
          new TaylorFeatureMap(3, 4, 2.0, WeightPlacement.SPLIT), 2, Precision.FLOAT64),
      TaylorState.empty(
          new TaylorFeatureMap(3, 4, Math.sqrt(3), WeightPlacement.KEY_SIDE), 2, Precision.FLOAT64),
      TaylorState.empty(TaylorFeatureMap.withDefaultScale(3, 4), 2, Precision.FLOAT32)
    };
    for (TaylorState other : others) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> a.merge(other));
      assertTrue(e.getMessage().contains("d=3, dv=2, P=4"), e.getMessage());
      assertTrue(e.getMessage().contains("other is (d=" + other.featureMap().d()), e.getMessage());
    }
  }

  /** toBytes / fromBytes is bit-exact for both precisions, and so is Java serialization. */
  @Test
  void binaryRoundTripIsBitExact() throws Exception {
    Random random = new Random(26);
    for (Precision precision : Precision.values()) {
      int d = 3;
      int dv = 5;
      int n = 13;
      TaylorFeatureMap map = new TaylorFeatureMap(d, 5, 1.7, WeightPlacement.KEY_SIDE);
      TaylorState state =
          CausalChunk.chunkState(
              map,
              dv,
              precision,
              TestData.gaussian(random, n * d, 1),
              TestData.gaussian(random, n * dv, 1),
              n);

      byte[] bytes = state.toBytes();
      TaylorState copy = TaylorState.fromBytes(bytes);

      assertArrayEquals(bytes, copy.toBytes(), precision + " bytes");
      assertEquals(n, copy.tokens(), precision + " tokens");
      assertEquals(precision, copy.precision(), "precision");
      assertEquals(map, copy.featureMap(), "feature map");
      assertArrayEquals(bytes, javaRoundTrip(state).toBytes(), precision + " Java serialization");
      int width = precision == Precision.FLOAT64 ? 8 : 4;
      assertEquals(
          TaylorState.HEADER_BYTES + state.sizeInNumbers() * width, bytes.length, "byte length");
    }
  }

  /** Damaged bytes are rejected with a message that says what is wrong. */
  @Test
  void corruptedBytesAreRejected() {
    TaylorState state =
        CausalChunk.chunkState(
            TaylorFeatureMap.withDefaultScale(2, 3),
            2,
            Precision.FLOAT64,
            new double[] {1, 2},
            new double[] {3, 4},
            1);
    byte[] good = state.toBytes();

    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    byte[] badVersion = good.clone();
    badVersion[7] = 9;
    byte[] badPlacement = good.clone();
    badPlacement[28] = 7;
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    byte[] extended = java.util.Arrays.copyOf(good, good.length + 8);
    byte[] badDimension = good.clone();
    badDimension[41] ^= 1;

    assertRejected(badMagic, "magic");
    assertRejected(badVersion, "format version 9");
    assertRejected(badPlacement, "placement ordinal 7");
    assertRejected(truncated, "does not match");
    assertRejected(extended, "does not match");
    assertRejected(badDimension, "header D");
    assertRejected(new byte[3], "shorter than the header");
  }

  /** Edge cases: d = 1, a single token, dv = 1. */
  @Test
  void smallestShapesMatchDirect() {
    Random random = new Random(27);
    int[][] shapes = {{1, 1, 1}, {1, 4, 3}, {3, 1, 1}, {2, 6, 1}}; // d, n, dv
    for (int[] shape : shapes) {
      int d = shape[0];
      int n = shape[1];
      int dv = shape[2];
      for (int terms = 1; terms <= 6; terms++) {
        double[] keys = TestData.gaussian(random, n * d, 1);
        double[] values = TestData.gaussian(random, n * dv, 1);
        double[] query = TestData.gaussian(random, d, 1);
        TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, terms);
        TaylorState state = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, n);

        double[] actual = new double[dv];
        double denominator = state.evaluate(query, 0, terms, actual, 0);
        for (int j = 0; j < dv; j++) {
          actual[j] /= denominator;
        }

        double[] expected =
            TaylorSeries.directOutputs(
                query, null, 1, keys, values, null, n, d, dv, map.scale(), terms, false, null);
        String what = "d=" + d + " n=" + n + " dv=" + dv + " P=" + terms;
        TestData.assertClose(expected, actual, TOLERANCE, what);
      }
    }
  }

  /** With P = 1 every weight is 1, so the output is the plain mean of the values. */
  @Test
  void oneTermGivesMeanOfValues() {
    Random random = new Random(28);
    int d = 4;
    int dv = 3;
    int n = 10;
    double[] values = TestData.gaussian(random, n * dv, 1);
    TaylorState state =
        CausalChunk.chunkState(
            TaylorFeatureMap.withDefaultScale(d, 1),
            dv,
            Precision.FLOAT64,
            TestData.gaussian(random, n * d, 3),
            values,
            n);

    double[] actual = new double[dv];
    double denominator = state.evaluate(TestData.gaussian(random, d, 3), 0, 1, actual, 0);

    assertEquals(n, denominator, 0, "denominator counts the tokens");
    double[] mean = new double[dv];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < dv; j++) {
        mean[j] += values[t * dv + j] / n;
      }
    }
    for (int j = 0; j < dv; j++) {
      actual[j] /= denominator;
    }
    TestData.assertClose(mean, actual, TOLERANCE, "mean of values");
  }

  /** Zero keys and queries: every logit is 0, T_P(0) = 1, so the output is the mean again. */
  @Test
  void zeroVectorsGiveMeanOfValues() {
    int d = 3;
    int dv = 2;
    int n = 4;
    double[] values = {1, 2, 3, 4, 5, 6, 7, 8};
    TaylorState state =
        CausalChunk.chunkState(
            TaylorFeatureMap.withDefaultScale(d, 5),
            dv,
            Precision.FLOAT64,
            new double[n * d],
            values,
            n);

    double[] numerator = new double[dv];
    double denominator = state.evaluate(new double[d], 0, 5, numerator, 0);

    assertEquals(n, denominator, 0, "denominator");
    assertArrayEquals(new double[] {16, 20}, numerator, 0, "numerator = sum of values");
  }

  /** P = 2: T_2(s) = 1 + s < 0 for s < -1, so the denominator is negative; odd P stays positive. */
  @Test
  void evenTermsGiveNonPositiveDenominatorsForNegativeLogits() {
    Random random = new Random(29);
    int d = 4;
    int dv = 2;
    int n = 12;
    double[] keys = new double[n * d];
    for (int t = 0; t < n; t++) {
      keys[t * d] =
          3 + random.nextDouble(); // with the query below, s = -2 k[0] / 2 lies in (-4, -3]
    }
    double[] query = {-2, 0, 0, 0};
    double[] values = TestData.gaussian(random, n * dv, 1);

    TaylorState state =
        CausalChunk.chunkState(
            TaylorFeatureMap.withDefaultScale(d, 7), dv, Precision.FLOAT64, keys, values, n);
    double[] numerators = new double[7 * dv];
    double[] denominators = new double[7];
    state.evaluateByTerms(query, 0, numerators, denominators);

    assertTrue(denominators[1] <= 0, "P = 2 denominator expected <= 0, actual " + denominators[1]);
    assertTrue(denominators[3] <= 0, "P = 4 denominator expected <= 0, actual " + denominators[3]);
    for (int terms = 1; terms <= 7; terms += 2) {
      assertTrue(
          denominators[terms - 1] > 0,
          "P = " + terms + " denominator expected > 0, actual " + denominators[terms - 1]);
    }
  }

  /** Float32 state stays close to float64 (float32 rounding, not bit equality). */
  @Test
  void float32StateIsCloseToFloat64() {
    Random random = new Random(30);
    int d = 4;
    int dv = 6;
    int n = 50;
    double[] keys = TestData.gaussian(random, n * d, 1);
    double[] values = TestData.gaussian(random, n * dv, 1);
    double[] query = TestData.gaussian(random, d, 1);
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, 5);
    double[] expected = new double[dv];
    double[] actual = new double[dv];

    CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, n)
        .evaluate(query, 0, 5, expected, 0);
    CausalChunk.chunkState(map, dv, Precision.FLOAT32, keys, values, n)
        .evaluate(query, 0, 5, actual, 0);

    TestData.assertClose(expected, actual, 1e-5, "float32 numerator");
  }

  /** copy() is independent of the original. */
  @Test
  void copyIsIndependent() {
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(2, 3);
    TaylorState state =
        CausalChunk.chunkState(map, 1, Precision.FLOAT64, new double[] {1, 2}, new double[] {3}, 1);
    TaylorState copy = state.copy();

    copy.accumulate(new double[] {4, 5}, 0, new double[] {6}, 0);

    assertEquals(1, state.tokens(), "original tokens");
    assertEquals(2, copy.tokens(), "copy tokens");
    assertArrayEquals(
        CausalChunk.chunkState(map, 1, Precision.FLOAT64, new double[] {1, 2}, new double[] {3}, 1)
            .numeratorState(),
        state.numeratorState(),
        0,
        "original H unchanged");
  }

  private static List<TaylorState> chunkStates(
      TaylorFeatureMap map, int dv, double[] keys, double[] values, int n, int mask) {
    int d = map.d();
    List<TaylorState> chunks = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      boolean boundary = i == n - 1 || (mask & (1 << i)) != 0;
      if (boundary) {
        TaylorState chunk = TaylorState.empty(map, dv, Precision.FLOAT64);
        chunk.accumulate(keys, start * d, values, start * dv, i + 1 - start);
        chunks.add(chunk);
        start = i + 1;
      }
    }
    return chunks;
  }

  private static TaylorState mergeTree(List<TaylorState> chunks, String tree) {
    List<TaylorState> copies = new ArrayList<>();
    for (TaylorState chunk : chunks) {
      copies.add(chunk.copy());
    }
    switch (tree) {
      case "left":
        TaylorState left = copies.get(0);
        for (int i = 1; i < copies.size(); i++) {
          left.merge(copies.get(i));
        }
        return left;
      case "right":
        TaylorState right = copies.get(copies.size() - 1);
        for (int i = copies.size() - 2; i >= 0; i--) {
          right = copies.get(i).merge(right);
        }
        return right;
      default:
        return balanced(copies, 0, copies.size());
    }
  }

  private static TaylorState balanced(List<TaylorState> states, int from, int to) {
    if (to - from == 1) {
      return states.get(from);
    }
    int middle = (from + to) / 2;
    return balanced(states, from, middle).merge(balanced(states, middle, to));
  }

  private static void assertRejected(byte[] bytes, String expectedText) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaylorState.fromBytes(bytes));
    assertTrue(
        e.getMessage().contains(expectedText),
        "expected a message containing '" + expectedText + "', actual: " + e.getMessage());
  }

  private static TaylorState javaRoundTrip(TaylorState state) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(state);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
      return (TaylorState) in.readObject();
    }
  }
}
