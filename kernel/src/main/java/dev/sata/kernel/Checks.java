package dev.sata.kernel;

/** Argument checks shared by the public methods of the kernel; every message names the value. */
final class Checks {

  private Checks() {}

  /** Throws unless {@code value >= 1}. */
  static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }

  /** Throws unless {@code value >= 0}. */
  static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be non-negative, got " + value);
    }
  }

  /** Throws unless {@code value} is finite and strictly positive. */
  static void requirePositiveFinite(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and greater than 0, got " + value);
    }
  }

  /** Throws unless {@code 1 <= terms <= maxTerms}. */
  static void requireTerms(String name, int terms, int maxTerms) {
    if (terms < 1 || terms > maxTerms) {
      throw new IllegalArgumentException(name + " must be in [1, " + maxTerms + "], got " + terms);
    }
  }

  /**
   * Throws unless {@code array} is non-null and has {@code count} numbers from {@code offset}.
   *
   * @param name the argument name used in the message
   * @param shape the logical shape used in the message, e.g. {@code "[n, d] = [3, 4]"}
   */
  static void requireRange(String name, int arrayLength, long offset, long count, String shape) {
    if (offset < 0 || count < 0 || offset + count > arrayLength) {
      throw new IllegalArgumentException(
          name
              + " "
              + shape
              + ": needs "
              + count
              + " numbers from offset "
              + offset
              + ", but the array length is "
              + arrayLength);
    }
  }

  /** Same as {@link #requireRange} for a double array that must not be null. */
  static void requireRange(String name, double[] array, long offset, long count, String shape) {
    if (array == null) {
      throw new IllegalArgumentException(name + " " + shape + " must not be null");
    }
    requireRange(name, array.length, offset, count, shape);
  }

  /** Throws unless the long array is non-null and has at least {@code count} entries. */
  static void requireRange(String name, long[] array, long count) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null for causal evaluation");
    }
    requireRange(name, array.length, 0, count, "[" + count + "]");
  }

  /** Throws unless {@code q} lies in [0, 1]. */
  static void requireFraction(String name, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + q);
    }
  }
}
