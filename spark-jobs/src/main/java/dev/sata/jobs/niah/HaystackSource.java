package dev.sata.jobs.niah;

import java.io.Serializable;

/** Produces the keys and values of haystack chunks on executors. */
interface HaystackSource extends Serializable {

  /** Returns the key size {@code d}. */
  int d();

  /** Returns the value size {@code dv}. */
  int dv();

  /**
   * Writes the tokens of {@code chunk}.
   *
   * @param keys {@code [count, d]} row-major from index 0, overwritten
   * @param values {@code [count, dv]} row-major from index 0, overwritten
   */
  void fill(HaystackChunk chunk, double[] keys, double[] values);
}
