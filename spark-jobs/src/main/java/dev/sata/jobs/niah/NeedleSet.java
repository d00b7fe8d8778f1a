package dev.sata.jobs.niah;

import java.io.Serializable;
import java.util.List;

/**
 * The tokens one trial inserts into a haystack and the queries asked about them.
 *
 * @param task the task
 * @param trial the trial number, from 0
 * @param keys inserted keys {@code [m, d]} row-major, already multiplied by the logit divisor
 *     {@code c}: a unit direction {@code u} becomes the key {@code c u}
 * @param values inserted values {@code [m, dv]} row-major, codebook vectors
 * @param codes the codebook index of each inserted value, {@code [m]}
 * @param queries the queries of the trial, at least one
 */
record NeedleSet(
    NiahTask task, int trial, double[] keys, double[] values, int[] codes, List<Query> queries)
    implements Serializable {

  /**
   * One query and what it must retrieve.
   *
   * @param direction unit vector {@code [d]}; the query sent is {@code logitScale * direction}
   * @param needleTokens indexes of the inserted tokens that count as this query's needle (for the
   *     needle weight)
   * @param expectedCodes codes that must be retrieved: the nearest code for one entry, the {@code
   *     m} nearest codes as a set for more
   * @param target the ideal output {@code [dv]}: the needle value, or the mean of the needle values
   */
  record Query(double[] direction, int[] needleTokens, int[] expectedCodes, double[] target)
      implements Serializable {}

  /** Returns {@code m}, the number of inserted tokens. */
  int insertedCount() {
    return codes.length;
  }
}
