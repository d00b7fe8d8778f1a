package dev.sata.jobs.niah;

import java.util.function.IntPredicate;

/**
 * Finds the largest context length at which retrieval still passes (accuracy at or above a
 * threshold): a geometric search over doublings, then a binary search inside the first failing
 * doubling.
 *
 * <p>The candidates are ascending lengths where every {@code stride}-th entry is a doubling of the
 * previous one (see {@link LengthGrid#capacityLengths}). The geometric phase tests entries {@code
 * 0, stride, 2 stride, ...} and finally the last entry until one fails; the binary phase then
 * narrows the bracket {@code (last pass, first failure)} to adjacent candidates. The search assumes
 * that accuracy falls as the length grows. When it does not, the result is the last passing length
 * before the first failure the search met; compare the probe count with the accuracy curve to
 * check.
 */
final class CapacitySearch {

  private CapacitySearch() {}

  /** Outcome of a search. */
  enum Status {
    /** A passing length followed by a failing one: the capacity is between them. */
    FOUND,
    /** Even the shortest candidate fails: the capacity is below it. */
    BELOW_MIN,
    /** Even the longest candidate passes: the capacity is at least that length. */
    AT_LEAST_MAX
  }

  /**
   * Result of one search.
   *
   * @param status how the search ended
   * @param capacity the largest passing length, or 0 for {@link Status#BELOW_MIN}
   * @param firstFailure the failing length above the capacity, or 0 for {@link Status#AT_LEAST_MAX}
   * @param probes how many candidate lengths were evaluated
   */
  record Result(Status status, long capacity, long firstFailure, int probes) {}

  /**
   * Runs the search.
   *
   * @param candidates ascending lengths, at least one
   * @param stride entries per doubling, at least 1
   * @param passes whether the candidate at an index passes; the search calls it at most once per
   *     index
   */
  static Result search(long[] candidates, int stride, IntPredicate passes) {
    if (candidates.length == 0 || stride < 1) {
      throw new IllegalArgumentException(
          "capacity search needs candidates and a positive stride, got "
              + candidates.length
              + " candidates and stride "
              + stride);
    }
    int[] probes = {0};
    IntPredicate counted =
        index -> {
          probes[0]++;
          return passes.test(index);
        };
    int last = candidates.length - 1;

    // shortest candidate
    if (!counted.test(0)) {
      return new Result(Status.BELOW_MIN, 0, candidates[0], probes[0]);
    }

    // geometric phase: doublings, then the last candidate
    int low = 0;
    int high = -1;
    for (int index = Math.min(stride, last); high < 0; index = Math.min(index + stride, last)) {
      if (!counted.test(index)) {
        high = index;
      } else if (index == last) {
        return new Result(Status.AT_LEAST_MAX, candidates[last], 0, probes[0]);
      } else {
        low = index;
      }
    }

    // binary phase inside (low, high)
    while (high - low > 1) {
      int middle = (low + high) >>> 1;
      if (counted.test(middle)) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return new Result(Status.FOUND, candidates[low], candidates[high], probes[0]);
  }
}
