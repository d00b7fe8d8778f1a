package dev.sata.kernel;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Exact softmax attention partial {@code (m, l, o)} of one query over a set of keys, in float64.
 *
 * <p>With logits {@code s_k = q.k_k / c}: {@code m = max_k s_k}, {@code l = sum_k exp(s_k - m)} and
 * {@code o = sum_k exp(s_k - m) v_k / l}, the softmax output over those keys. Two partials of
 * disjoint key sets merge exactly (the split-K or flash-decoding merge):
 *
 * <pre>
 *   m = max(m1, m2),  l = l1 e^(m1-m) + l2 e^(m2-m),  o = (o1 l1 e^(m1-m) + o2 l2 e^(m2-m)) / l.
 * </pre>
 *
 * An empty partial has {@code m = -inf}, {@code l = 0} and is the identity of the merge. Every
 * exponent is {@code <= 0}, so logits of any finite size (e.g. +-700) neither overflow nor give
 * NaN. Internally {@code o l} is kept instead of {@code o}, which is the same merge without a
 * division per step. The minimum logit is tracked too, for the logit range.
 *
 * <p>Binary form ({@link #toBytes()}, also used by Java serialization), big-endian: magic {@code
 * "SMXP"} (int), version (int, 1), {@code dv} (int), key count (long), {@code m}, minimum logit,
 * {@code l} (doubles), then {@code o l} ({@code dv} doubles). Not thread-safe.
 */
public final class SoftmaxPartial implements Serializable {

  private static final long serialVersionUID = 1L;

  static final int MAGIC = 0x534d5850; // "SMXP"
  static final int FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 4 + 4 + 4 + 8 + 8 + 8 + 8;

  private final int dv;
  private double maxLogit = Double.NEGATIVE_INFINITY; // m
  private double minLogit = Double.POSITIVE_INFINITY;
  private double normalizer; // l = sum exp(s - m)
  private final double[] weightedSum; // [dv], o * l = sum exp(s - m) v
  private long keyCount;

  private SoftmaxPartial(int dv) {
    this.dv = dv;
    this.weightedSum = new double[dv];
  }

  /** Returns an empty partial for values of size {@code dv}. */
  public static SoftmaxPartial empty(int dv) {
    Checks.requirePositive("dv", dv);
    return new SoftmaxPartial(dv);
  }

  /**
   * Adds {@code n} keys and values.
   *
   * @param query {@code d} numbers from {@code queryOffset}; not modified
   * @param keys {@code [n, d]} row-major from index 0; not modified
   * @param values {@code [n, dv]} row-major from index 0; not modified
   * @param scale {@code c}, the logit divisor
   */
  public void accumulate(
      double[] query, int queryOffset, double[] keys, double[] values, int n, int d, double scale) {
    accumulate(query, queryOffset, keys, 0, values, 0, n, d, scale, null, 0);
  }

  /**
   * Adds the keys with {@code keyPositions[k] <= queryPosition} among {@code n} keys (causal
   * attention).
   *
   * @param keyPositions {@code [n]}; not modified
   */
  public void accumulate(
      double[] query,
      int queryOffset,
      long queryPosition,
      double[] keys,
      double[] values,
      long[] keyPositions,
      int n,
      int d,
      double scale) {
    Checks.requireRange("keyPositions", keyPositions, n);
    accumulate(query, queryOffset, keys, 0, values, 0, n, d, scale, keyPositions, queryPosition);
  }

  /**
   * Adds {@code n} keys starting at {@code keyOffset} and values at {@code valueOffset}; when
   * {@code keyPositions} is not null only keys with {@code keyPositions[k] <= queryPosition} count.
   * The keys are processed as one block: their maximum, then exponentials relative to it, then one
   * merge.
   */
  public void accumulate(
      double[] query,
      int queryOffset,
      double[] keys,
      int keyOffset,
      double[] values,
      int valueOffset,
      int n,
      int d,
      double scale,
      long[] keyPositions,
      long queryPosition) {
    checkAccumulate(query, queryOffset, keys, keyOffset, values, valueOffset, n, d, scale);
    if (keyPositions != null) {
      Checks.requireRange("keyPositions", keyPositions, n);
    }

    // logits of the visible keys and their maximum
    double[] logits = new double[n];
    double blockMax = Double.NEGATIVE_INFINITY;
    int visible = 0;
    for (int k = 0; k < n; k++) {
      if (keyPositions != null && keyPositions[k] > queryPosition) {
        continue;
      }
      double s = TaylorSeries.dot(query, queryOffset, keys, keyOffset + k * d, d) / scale;
      logits[k] = s;
      blockMax = Math.max(blockMax, s);
      minLogit = Math.min(minLogit, s);
      visible++;
    }
    if (visible == 0) {
      return;
    }

    // rescale the old sums to the new maximum
    double newMax = Math.max(maxLogit, blockMax);
    rescale(newMax);

    // exponentials relative to the new maximum
    for (int k = 0; k < n; k++) {
      if (keyPositions != null && keyPositions[k] > queryPosition) {
        continue;
      }
      double weight = Math.exp(logits[k] - newMax);
      normalizer += weight;
      int v = valueOffset + k * dv;
      for (int j = 0; j < dv; j++) {
        weightedSum[j] += weight * values[v + j];
      }
    }
    keyCount += visible;
  }

  /**
   * Merges {@code other} into this partial ({@code this = this (+) other}) and returns this.
   *
   * @param other not modified; must have the same {@code dv}
   */
  public SoftmaxPartial merge(SoftmaxPartial other) {
    if (other == null) {
      throw new IllegalArgumentException("other partial must not be null");
    }
    if (other.dv != dv) {
      throw new IllegalArgumentException(
          "cannot merge softmax partials with different dv: this " + dv + ", other " + other.dv);
    }
    if (other.keyCount == 0) {
      return this;
    }

    // common maximum, then the weighted sum of both sides
    double newMax = Math.max(maxLogit, other.maxLogit);
    rescale(newMax);
    double factor = Math.exp(other.maxLogit - newMax);
    normalizer += other.normalizer * factor;
    for (int j = 0; j < dv; j++) {
      weightedSum[j] += other.weightedSum[j] * factor;
    }
    minLogit = Math.min(minLogit, other.minLogit);
    keyCount += other.keyCount;
    return this;
  }

  /**
   * Returns {@code o}, the softmax-weighted mean of the values ({@code dv} numbers, a new array).
   *
   * @throws IllegalStateException when no key has been added
   */
  public double[] output() {
    if (keyCount == 0) {
      throw new IllegalStateException("softmax output of an empty partial (no keys) is undefined");
    }
    double[] out = new double[dv];
    for (int j = 0; j < dv; j++) {
      out[j] = weightedSum[j] / normalizer;
    }
    return out;
  }

  /** Returns {@code dv}. */
  public int dv() {
    return dv;
  }

  /** Returns {@code m}, the maximum logit ({@code -inf} when empty). */
  public double maxLogit() {
    return maxLogit;
  }

  /** Returns the minimum logit ({@code +inf} when empty). */
  public double minLogit() {
    return minLogit;
  }

  /** Returns {@code l = sum_k exp(s_k - m)} (0 when empty). */
  public double normalizer() {
    return normalizer;
  }

  /** Returns the number of keys added. */
  public long keyCount() {
    return keyCount;
  }

  /** Returns an independent copy. */
  public SoftmaxPartial copy() {
    return fromBytes(toBytes());
  }

  /** Returns the binary form described in the class comment. */
  public byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + dv * Double.BYTES);
    buffer.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(dv).putLong(keyCount);
    buffer.putDouble(maxLogit).putDouble(minLogit).putDouble(normalizer);
    buffer.asDoubleBuffer().put(weightedSum);
    return buffer.array();
  }

  /**
   * Reads the binary form written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid partial
   */
  public static SoftmaxPartial fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw invalid(
          "length " + (bytes == null ? "null" : bytes.length) + " is shorter than the header");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);

    // header
    int magic = buffer.getInt();
    if (magic != MAGIC) {
      throw invalid("magic 0x" + Integer.toHexString(magic) + ", expected 0x534d5850 (SMXP)");
    }
    int version = buffer.getInt();
    if (version != FORMAT_VERSION) {
      throw invalid("format version " + version + ", expected " + FORMAT_VERSION);
    }
    int dv = buffer.getInt();
    long count = buffer.getLong();
    if (dv < 1 || count < 0) {
      throw invalid("dv = " + dv + ", key count = " + count + "; expected dv >= 1, count >= 0");
    }
    long expected = HEADER_BYTES + (long) dv * Double.BYTES;
    if (bytes.length != expected) {
      throw invalid("length " + bytes.length + " does not match " + expected + " for dv = " + dv);
    }

    // body
    SoftmaxPartial partial = new SoftmaxPartial(dv);
    partial.keyCount = count;
    partial.maxLogit = buffer.getDouble();
    partial.minLogit = buffer.getDouble();
    partial.normalizer = buffer.getDouble();
    buffer.asDoubleBuffer().get(partial.weightedSum);
    return partial;
  }

  @Override
  public String toString() {
    return "SoftmaxPartial[dv="
        + dv
        + ", keys="
        + keyCount
        + ", m="
        + maxLogit
        + ", l="
        + normalizer
        + ", o="
        + (keyCount == 0 ? "undefined" : Arrays.toString(output()))
        + "]";
  }

  /** Moves the sums from the current maximum to {@code newMax >= maxLogit}. */
  private void rescale(double newMax) {
    if (newMax == maxLogit || keyCount == 0) {
      maxLogit = newMax;
      return;
    }
    double factor = Math.exp(maxLogit - newMax);
    normalizer *= factor;
    for (int j = 0; j < dv; j++) {
      weightedSum[j] *= factor;
    }
    maxLogit = newMax;
  }

  private void checkAccumulate(
      double[] query,
      int queryOffset,
      double[] keys,
      int keyOffset,
      double[] values,
      int valueOffset,
      int n,
      int d,
      double scale) {
    Checks.requirePositive("d", d);
    Checks.requireNonNegative("n", n);
    Checks.requirePositiveFinite("scale", scale);
    Checks.requireRange("query", query, queryOffset, d, "[d] = [" + d + "]");
    Checks.requireRange("keys", keys, keyOffset, (long) n * d, "[n, d] = [" + n + ", " + d + "]");
    Checks.requireRange(
        "values", values, valueOffset, (long) n * dv, "[n, dv] = [" + n + ", " + dv + "]");
  }

  private static IllegalArgumentException invalid(String detail) {
    return new IllegalArgumentException("invalid SoftmaxPartial bytes: " + detail);
  }

  private Object writeReplace() {
    return new SerializedForm(toBytes());
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("SoftmaxPartial is read through its serialized form");
  }

  /** Java serialization proxy: the bytes of {@link #toBytes()}. */
  private static final class SerializedForm implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    SerializedForm(byte[] bytes) {
      this.bytes = bytes;
    }

    private Object readResolve() {
      return fromBytes(bytes);
    }
  }
}
