package dev.sata.jobs.niah;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The context lengths one haystack pass can evaluate: sorted distinct lengths {@code G_0 < G_1 <
 * ...}. Bucket {@code b} is the token range {@code [G_{b-1}, G_b)} (with {@code G_{-1} = 0}), so
 * the haystack of length {@code G_b} is the union of buckets {@code 0 .. b}, and a state or softmax
 * partial per bucket gives every grid length by a prefix sum.
 */
final class LengthGrid implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Points per doubling of the capacity search grid: a resolution of {@code 2^(1/8)}, 9%. */
  static final int STEPS_PER_OCTAVE = 8;

  private final long[] points;

  private LengthGrid(long[] points) {
    this.points = points;
  }

  /** Returns the grid of the given lengths (sorted, duplicates removed; all at least 1). */
  static LengthGrid of(long... lengths) {
    TreeSet<Long> sorted = new TreeSet<>();
    for (long length : lengths) {
      if (length < 1) {
        throw new IllegalArgumentException("grid length must be at least 1, got " + length);
      }
      sorted.add(length);
    }
    return new LengthGrid(sorted.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Returns the capacity search candidates {@code round(min * 2^(j / STEPS_PER_OCTAVE))} for {@code
   * j = 0, 1, ...} up to {@code max}, then {@code max} when the sequence misses it. Entry {@code j
   * * STEPS_PER_OCTAVE} is {@code min * 2^j}; for {@code min < 12} rounding repeats some lengths,
   * which are kept so that this stride holds.
   */
  static long[] capacityLengths(long min, long max) {
    List<Long> lengths = new ArrayList<>();
    for (int j = 0; ; j++) {
      long length = Math.round(min * Math.pow(2, (double) j / STEPS_PER_OCTAVE));
      if (length > max) {
        break;
      }
      lengths.add(length);
    }
    if (lengths.get(lengths.size() - 1) != max) {
      lengths.add(max);
    }
    return lengths.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Returns {@code min * factor^k} for {@code k = 0, 1, ...} up to {@code max}, then {@code max}.
   */
  static long[] geometricLengths(long min, long max, long factor) {
    TreeSet<Long> lengths = new TreeSet<>();
    for (long length = min; length <= max; length *= factor) {
      lengths.add(length);
    }
    lengths.add(max);
    return lengths.stream().mapToLong(Long::longValue).toArray();
  }

  /** Returns the grid lengths, ascending (a copy). */
  long[] points() {
    return points.clone();
  }

  /** Returns the number of grid lengths, which is also the number of buckets. */
  int size() {
    return points.length;
  }

  /** Returns {@code G_index}. */
  long length(int index) {
    return points[index];
  }

  /** Returns the largest grid length, the haystack extent of the pass. */
  long extent() {
    return points[points.length - 1];
  }

  /** Returns the index of {@code length}, which must be a grid point. */
  int indexOf(long length) {
    int index = Arrays.binarySearch(points, length);
    if (index < 0) {
      throw new IllegalArgumentException("length " + length + " is not a grid length");
    }
    return index;
  }

  /** Returns the first token position of bucket {@code bucket}. */
  long bucketStart(int bucket) {
    return bucket == 0 ? 0 : points[bucket - 1];
  }

  /**
   * Returns the bucket that contains token {@code position}: the smallest {@code b} with {@code
   * position < G_b}.
   */
  int bucketOf(long position) {
    if (position < 0 || position >= extent()) {
      throw new IllegalArgumentException(
          "position " + position + " is outside the haystack [0, " + extent() + ")");
    }
    int index = Arrays.binarySearch(points, position + 1);
    return index >= 0 ? index : -index - 1;
  }
}
