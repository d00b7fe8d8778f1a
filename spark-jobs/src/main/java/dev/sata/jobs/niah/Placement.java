package dev.sata.jobs.niah;

/**
 * Positions of inserted tokens in a haystack of {@code n} tokens (positions {@code 0 .. n-1}).
 *
 * <p>The first inserted token (the needle) sits at {@code p_0 = Math.round(depth * (n - 1))}: depth
 * 0 is the first token, depth 1 the last, and a product ending in exactly {@code .5} rounds up,
 * towards the end (depth 0.5 of an even {@code n} is token {@code n/2}, of an odd {@code n} the
 * middle token {@code (n-1)/2}). Token {@code j} of {@code m} sits at {@code (p_0 + j * floor(n /
 * m)) mod n}: evenly spaced from the needle, wrapping around to the start of the haystack past the
 * end. The {@code m} positions are distinct whenever {@code m <= n}. Each inserted token replaces
 * the haystack token at its position, so the length stays {@code n}.
 */
final class Placement {

  private Placement() {}

  /**
   * Returns the needle position {@code Math.round(depth * (n - 1))}.
   *
   * @param n haystack length, at least 1
   * @param depth fraction of the haystack in {@code [0, 1]}
   */
  static long needlePosition(long n, double depth) {
    if (n < 1) {
      throw new IllegalArgumentException("haystack length must be at least 1, got " + n);
    }
    if (!(depth >= 0 && depth <= 1)) {
      throw new IllegalArgumentException("depth must be in [0, 1], got " + depth);
    }
    return Math.round(depth * (n - 1));
  }

  /**
   * Returns the positions of {@code m} inserted tokens, the needle first (see the class comment).
   *
   * @param m number of inserted tokens, in {@code [1, n]}
   */
  static long[] positions(long n, double depth, int m) {
    if (m < 1 || m > n) {
      throw new IllegalArgumentException(
          "cannot place " + m + " tokens in a haystack of " + n + "; expected 1 <= m <= n");
    }
    long first = needlePosition(n, depth);
    long spacing = n / m;
    long[] positions = new long[m];
    for (int j = 0; j < m; j++) {
      positions[j] = (first + j * spacing) % n;
    }
    return positions;
  }
}
