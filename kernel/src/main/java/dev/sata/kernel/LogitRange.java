package dev.sata.kernel;

import java.io.Serializable;

/**
 * Range of the logits {@code s = q.k / c} seen: minimum, maximum, maximum absolute value and count.
 * Mergeable; the empty range has minimum {@code +inf}, maximum {@code -inf}, maximum absolute value
 * 0 and count 0, the identity of {@link #merge}. Not thread-safe.
 */
public final class LogitRange implements Serializable {

  private static final long serialVersionUID = 1L;

  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long count;

  /** Creates an empty range. */
  public LogitRange() {}

  /** Adds one logit. */
  public void add(double s) {
    min = Math.min(min, s);
    max = Math.max(max, s);
    count++;
  }

  /**
   * Adds the logits of one query against {@code n} keys.
   *
   * @param query {@code d} numbers from {@code queryOffset}; not modified
   * @param keys {@code [n, d]} row-major from {@code keyOffset}; not modified
   */
  public void addLogits(
      double[] query, int queryOffset, double[] keys, int keyOffset, int n, int d, double scale) {
    Checks.requirePositive("d", d);
    Checks.requireNonNegative("n", n);
    Checks.requirePositiveFinite("scale", scale);
    Checks.requireRange("query", query, queryOffset, d, "[d] = [" + d + "]");
    Checks.requireRange("keys", keys, keyOffset, (long) n * d, "[n, d] = [" + n + ", " + d + "]");
    for (int k = 0; k < n; k++) {
      add(TaylorSeries.dot(query, queryOffset, keys, keyOffset + k * d, d) / scale);
    }
  }

  /** Merges {@code other} into this range and returns this; {@code other} is not modified. */
  public LogitRange merge(LogitRange other) {
    if (other == null) {
      throw new IllegalArgumentException("other range must not be null");
    }
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    count += other.count;
    return this;
  }

  /** Returns the minimum logit, {@code +inf} when empty. */
  public double min() {
    return min;
  }

  /** Returns the maximum logit, {@code -inf} when empty. */
  public double max() {
    return max;
  }

  /** Returns {@code max |s|}, 0 when empty. */
  public double maxAbs() {
    return count == 0 ? 0 : Math.max(Math.abs(min), Math.abs(max));
  }

  /** Returns the number of logits added. */
  public long count() {
    return count;
  }

  @Override
  public String toString() {
    return "LogitRange[min="
        + min
        + ", max="
        + max
        + ", maxAbs="
        + maxAbs()
        + ", count="
        + count
        + "]";
  }
}
