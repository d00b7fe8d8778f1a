package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxPartialTest {

  private static final double TOLERANCE = 1e-13;

  /** Partials of every chunking, merged, equal a direct softmax computed with the true maximum. */
  @Test
  void mergedChunksMatchDirectSoftmax() {
    Random random = new Random(41);
    int d = 4;
    int dv = 3;
    int n = 31;
    double scale = 2;
    double[] query = TestData.gaussian(random, d, 2);
    double[] keys = TestData.gaussian(random, n * d, 2);
    double[] values = TestData.gaussian(random, n * dv, 1);
    double[] expected = directSoftmax(query, keys, values, n, d, dv, scale);

    for (int chunk : new int[] {1, 4, 7, 31}) {
      SoftmaxPartial merged = SoftmaxPartial.empty(dv);
      for (int start = 0; start < n; start += chunk) {
        int length = Math.min(chunk, n - start);
        SoftmaxPartial part = SoftmaxPartial.empty(dv);
        part.accumulate(query, 0, keys, start * d, values, start * dv, length, d, scale, null, 0);
        merged.merge(part);
      }
      TestData.assertClose(expected, merged.output(), TOLERANCE, "chunk " + chunk);
      assertEquals(n, merged.keyCount(), "key count");
    }
  }

  /** Logits of +-700: no overflow, no NaN, and the exact result (the largest logit dominates). */
  @Test
  void extremeLogitsStayFinite() {
    int d = 1;
    int dv = 2;
    double[] keys = {700, -700, 699, -699.5};
    double[] values = {1, 0, 0, 1, 2, 2, 5, 5};
    SoftmaxPartial left = SoftmaxPartial.empty(dv);
    left.accumulate(new double[] {1}, 0, keys, 0, values, 0, 2, d, 1, null, 0);
    SoftmaxPartial right = SoftmaxPartial.empty(dv);
    right.accumulate(new double[] {1}, 0, keys, 2, values, 4, 2, d, 1, null, 0);

    double[] output = left.merge(right).output();

    // weights e^0 and e^-1 relative to the maximum 700; the others vanish
    double w = Math.exp(-1);
    double[] expected = {(1 + 2 * w) / (1 + w), (2 * w) / (1 + w)};
    assertArrayEquals(expected, output, TOLERANCE, "output");
    assertEquals(700, left.maxLogit(), 0, "max logit");
    assertEquals(-700, left.minLogit(), 0, "min logit");
  }

  /** The empty partial is the identity on both sides and merging two empties stays empty. */
  @Test
  void emptyPartialsMergeAsIdentity() {
    SoftmaxPartial full = SoftmaxPartial.empty(2);
    full.accumulate(
        new double[] {1, 1}, 0, new double[] {1, 0, 0, 2}, new double[] {1, 2, 3, 4}, 2, 2, 1.5);
    double[] expected = full.output();

    double[] leftIdentity = SoftmaxPartial.empty(2).merge(full).output();
    double[] rightIdentity = full.copy().merge(SoftmaxPartial.empty(2)).output();
    SoftmaxPartial bothEmpty = SoftmaxPartial.empty(2).merge(SoftmaxPartial.empty(2));

    assertArrayEquals(expected, leftIdentity, 0, "empty (+) full");
    assertArrayEquals(expected, rightIdentity, 0, "full (+) empty");
    assertEquals(0, bothEmpty.keyCount(), "empty (+) empty key count");
    assertEquals(Double.NEGATIVE_INFINITY, bothEmpty.maxLogit(), "empty (+) empty max");
    assertThrows(IllegalStateException.class, bothEmpty::output, "output of an empty partial");
  }

  /** The causal variant keeps keys up to the query position; ExactAttention.causal agrees. */
  @Test
  void causalKeepsEarlierKeys() {
    Random random = new Random(42);
    int d = 3;
    int dv = 2;
    int n = 9;
    double[] queries = TestData.gaussian(random, n * d, 1);
    double[] keys = TestData.gaussian(random, n * d, 1);
    double[] values = TestData.gaussian(random, n * dv, 1);
    long[] positions = TestData.positions(n);

    double[] causal =
        ExactAttention.causal(queries, positions, n, keys, values, positions, n, d, dv, 1.7);

    for (int t = 0; t < n; t++) {
      double[] query = java.util.Arrays.copyOfRange(queries, t * d, (t + 1) * d);
      double[] expected = directSoftmax(query, keys, values, t + 1, d, dv, 1.7);
      double[] actual = java.util.Arrays.copyOfRange(causal, t * dv, (t + 1) * dv);
      TestData.assertClose(expected, actual, TOLERANCE, "query " + t);
    }
  }

  /** Binary and Java round trips are exact; damaged bytes are rejected. */
  @Test
  void bytesRoundTrip() throws Exception {
    SoftmaxPartial partial = SoftmaxPartial.empty(3);
    partial.accumulate(
        new double[] {0.3, -1},
        0,
        new double[] {1, 2, 3, 4},
        new double[] {1, 2, 3, 4, 5, 6},
        2,
        2,
        1.1);
    byte[] bytes = partial.toBytes();

    assertArrayEquals(bytes, SoftmaxPartial.fromBytes(bytes).toBytes(), "toBytes round trip");
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buffer)) {
      out.writeObject(partial);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(buffer.toByteArray()))) {
      assertArrayEquals(bytes, ((SoftmaxPartial) in.readObject()).toBytes(), "Java round trip");
    }

    byte[] damaged = bytes.clone();
    damaged[1] = 0;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SoftmaxPartial.fromBytes(damaged));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SoftmaxPartial.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 8)),
        "truncated bytes");
  }

  /** Softmax with explicit max subtraction, straight from the definition. */
  private static double[] directSoftmax(
      double[] query, double[] keys, double[] values, int n, int d, int dv, double scale) {
    double[] logits = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      logits[k] = TaylorSeries.dot(query, 0, keys, k * d, d) / scale;
      max = Math.max(max, logits[k]);
    }
    double sum = 0;
    double[] output = new double[dv];
    for (int k = 0; k < n; k++) {
      double w = Math.exp(logits[k] - max);
      sum += w;
      for (int j = 0; j < dv; j++) {
        output[j] += w * values[k * dv + j];
      }
    }
    for (int j = 0; j < dv; j++) {
      output[j] /= sum;
    }
    return output;
  }
}
