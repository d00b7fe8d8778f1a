package dev.sata.jobs.evaluate;

/**
 * Picks the requested numbers of terms out of kernel outputs that hold every {@code P' = 1 ..
 * Pmax}.
 */
final class TermRows {

  private TermRows() {}

  /**
   * Copies query {@code i}'s rows for the requested {@code P} out of {@code [Pmax, m, dv]} and
   * {@code [Pmax, m]} arrays.
   *
   * @param terms requested {@code P} values, each in {@code [1, Pmax]}
   * @param numerators {@code [Pmax, m, dv]} row-major; not modified
   * @param denominators {@code [Pmax, m]} row-major; not modified
   * @return the Taylor part of a {@link QueryOutcome}: {@code [nP, dv]} and {@code [nP]}
   */
  static QueryOutcome select(
      int[] terms, double[] numerators, double[] denominators, int i, int m, int dv) {
    double[] selectedNumerators = new double[terms.length * dv];
    double[] selectedDenominators = new double[terms.length];
    for (int r = 0; r < terms.length; r++) {
      int row = terms[r] - 1;
      System.arraycopy(numerators, (row * m + i) * dv, selectedNumerators, r * dv, dv);
      selectedDenominators[r] = denominators[row * m + i];
    }
    return QueryOutcome.taylor(selectedNumerators, selectedDenominators);
  }
}
