package dev.sata.kernel;

import java.util.Arrays;

/**
 * Causal Taylor attention over one chunk of a sequence, given the state of everything before it.
 *
 * <p>A sequence is split into chunks {@code j = 0, 1, ...}; chunk {@code j} has local state {@code
 * S_j} and prefix state {@code S_0 + ... + S_{j-1}} (an exclusive scan, empty for the first chunk).
 * Query {@code t} of a chunk attends to the prefix plus the chunk's keys {@code 0 .. t}. Two routes
 * compute the same numbers up to rounding:
 *
 * <ul>
 *   <li>{@link Route#RUNNING_SUM}: copy the prefix, then add the keys one by one and evaluate after
 *       each; per token {@code D (dv + 1)} work, independent of the chunk length;
 *   <li>{@link Route#MASKED_PRODUCT}: evaluate the prefix for every query, then add the
 *       lower-triangular (causal) pairwise products inside the chunk with {@link PairwiseTaylor};
 *       per chunk {@code n D (dv + 1)} plus {@code n^2 (d + P + P dv) / 2}.
 * </ul>
 *
 * Streaming generation is the chunk length 1 case.
 */
public final class CausalChunk {

  /** Evaluation route of the keys inside the chunk. */
  public enum Route {
    /** Update a copy of the prefix state token by token. */
    RUNNING_SUM,
    /** Prefix evaluation plus the causally masked pairwise product inside the chunk. */
    MASKED_PRODUCT
  }

  private CausalChunk() {}

  /**
   * Returns the cheaper route for a chunk of {@code chunkLength} tokens, by {@link
   * CostModel#runningSumFlops} and {@link CostModel#maskedProductFlops}.
   */
  public static Route chooseRoute(int chunkLength, TaylorFeatureMap map, int dv) {
    Checks.requirePositive("chunkLength", chunkLength);
    int d = map.d();
    int terms = map.terms();
    double running = CostModel.runningSumFlops(chunkLength, d, dv, terms);
    double masked = CostModel.maskedProductFlops(chunkLength, d, dv, terms);
    return masked < running ? Route.MASKED_PRODUCT : Route.RUNNING_SUM;
  }

  /**
   * Returns the state of {@code n} tokens: {@code H = sum_t phi_k(k_t) v_t^T}, {@code z = sum_t
   * phi_k(k_t)}.
   *
   * @param keys {@code [n, d]} row-major; not modified
   * @param values {@code [n, dv]} row-major; not modified
   */
  public static TaylorState chunkState(
      TaylorFeatureMap map, int dv, Precision precision, double[] keys, double[] values, int n) {
    TaylorState state = TaylorState.empty(map, dv, precision);
    state.accumulate(keys, values, n);
    return state;
  }

  /**
   * Evaluates the queries of one chunk causally: query {@code t} uses the prefix state and the
   * chunk keys {@code 0 .. t}. Outputs are written for every {@code P' = 1 .. P}, with {@code P =
   * prefix.featureMap().terms()}:
   *
   * <pre>
   *   numerators[((P'-1) * n + t) * dv + j],  denominators[(P'-1) * n + t]
   * </pre>
   *
   * and the output of query {@code t} with {@code P'} terms is their ratio. Rows whose {@code
   * hasQuery[t]} is false are left untouched; rows with a query are overwritten.
   *
   * @param prefix state of all earlier tokens (may be empty); not modified
   * @param queries {@code [n, d]} row-major; rows without a query are not read; not modified
   * @param hasQuery {@code [n]}, or null when every token has a query; not modified
   * @param keys {@code [n, d]} row-major; not modified
   * @param values {@code [n, dv]} row-major; not modified
   * @param numerators {@code [P, n, dv]} row-major, written
   * @param denominators {@code [P, n]} row-major, written
   */
  public static void evaluate(
      TaylorState prefix,
      double[] queries,
      boolean[] hasQuery,
      double[] keys,
      double[] values,
      int n,
      Route route,
      double[] numerators,
      double[] denominators) {
    checkArguments(prefix, queries, hasQuery, keys, values, n, route, numerators, denominators);
    if (route == Route.RUNNING_SUM) {
      runningSum(prefix, queries, hasQuery, keys, values, n, numerators, denominators);
    } else {
      maskedProduct(prefix, queries, hasQuery, keys, values, n, numerators, denominators);
    }
  }

  private static void runningSum(
      TaylorState prefix,
      double[] queries,
      boolean[] hasQuery,
      double[] keys,
      double[] values,
      int n,
      double[] numerators,
      double[] denominators) {
    int d = prefix.featureMap().d();
    int dv = prefix.dv();
    int terms = prefix.featureMap().terms();
    TaylorState running = prefix.copy();
    double[] numeratorRow = new double[terms * dv]; // [P, dv]
    double[] denominatorRow = new double[terms]; // [P]

    for (int t = 0; t < n; t++) {
      // add key t, then evaluate query t
      running.accumulate(keys, t * d, values, t * dv);
      if (hasQuery == null || hasQuery[t]) {
        running.evaluateByTerms(queries, t * d, numeratorRow, denominatorRow);
        scatter(numeratorRow, denominatorRow, t, n, terms, dv, numerators, denominators);
      }
    }
  }

  private static void maskedProduct(
      TaylorState prefix,
      double[] queries,
      boolean[] hasQuery,
      double[] keys,
      double[] values,
      int n,
      double[] numerators,
      double[] denominators) {
    TaylorFeatureMap map = prefix.featureMap();
    int d = map.d();
    int dv = prefix.dv();
    int terms = map.terms();

    // pack the rows with a query
    int[] rows = queryRows(hasQuery, n);
    int nq = rows.length;
    double[] packed = new double[nq * d];
    long[] queryPositions = new long[nq];
    for (int i = 0; i < nq; i++) {
      System.arraycopy(queries, rows[i] * d, packed, i * d, d);
      queryPositions[i] = rows[i];
    }
    long[] keyPositions = new long[n];
    for (int t = 0; t < n; t++) {
      keyPositions[t] = t;
    }

    // prefix part: one feature vector per query, every P' at once
    double[] packedNumerators = new double[terms * nq * dv]; // [P, nq, dv]
    double[] packedDenominators = new double[terms * nq]; // [P, nq]
    double[] numeratorRow = new double[terms * dv];
    double[] denominatorRow = new double[terms];
    for (int i = 0; i < nq; i++) {
      prefix.evaluateByTerms(packed, i * d, numeratorRow, denominatorRow);
      scatter(numeratorRow, denominatorRow, i, nq, terms, dv, packedNumerators, packedDenominators);
    }

    // intra-chunk part: causally masked pairwise products, added
    PairwiseTaylor.evaluate(
        packed,
        queryPositions,
        nq,
        keys,
        values,
        keyPositions,
        n,
        d,
        dv,
        map.scale(),
        terms,
        true,
        packedNumerators,
        packedDenominators);

    // unpack into the chunk rows
    for (int i = 0; i < nq; i++) {
      for (int p = 0; p < terms; p++) {
        System.arraycopy(
            packedNumerators, (p * nq + i) * dv, numerators, (p * n + rows[i]) * dv, dv);
        denominators[p * n + rows[i]] = packedDenominators[p * nq + i];
      }
    }
  }

  /** Copies one query's {@code [P, dv]} and {@code [P]} rows into {@code [P, rows, ...]} arrays. */
  private static void scatter(
      double[] numeratorRow,
      double[] denominatorRow,
      int row,
      int rowCount,
      int terms,
      int dv,
      double[] numerators,
      double[] denominators) {
    for (int p = 0; p < terms; p++) {
      System.arraycopy(numeratorRow, p * dv, numerators, (p * rowCount + row) * dv, dv);
      denominators[p * rowCount + row] = denominatorRow[p];
    }
  }

  private static int[] queryRows(boolean[] hasQuery, int n) {
    int[] rows = new int[n];
    int count = 0;
    for (int t = 0; t < n; t++) {
      if (hasQuery == null || hasQuery[t]) {
        rows[count++] = t;
      }
    }
    return Arrays.copyOf(rows, count);
  }

  private static void checkArguments(
      TaylorState prefix,
      double[] queries,
      boolean[] hasQuery,
      double[] keys,
      double[] values,
      int n,
      Route route,
      double[] numerators,
      double[] denominators) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix state must not be null (use an empty state)");
    }
    if (route == null) {
      throw new IllegalArgumentException("route must not be null");
    }
    Checks.requireNonNegative("n", n);
    int d = prefix.featureMap().d();
    int dv = prefix.dv();
    int terms = prefix.featureMap().terms();
    Checks.requireRange("queries", queries, 0, (long) n * d, "[n, d] = [" + n + ", " + d + "]");
    Checks.requireRange("keys", keys, 0, (long) n * d, "[n, d] = [" + n + ", " + d + "]");
    Checks.requireRange("values", values, 0, (long) n * dv, "[n, dv] = [" + n + ", " + dv + "]");
    if (hasQuery != null && hasQuery.length < n) {
      throw new IllegalArgumentException(
          "hasQuery [n] = [" + n + "]: array length " + hasQuery.length + " is shorter than n");
    }
    Checks.requireRange(
        "numerators",
        numerators,
        0,
        (long) terms * n * dv,
        "[P, n, dv] = [" + terms + ", " + n + ", " + dv + "]");
    Checks.requireRange(
        "denominators", denominators, 0, (long) terms * n, "[P, n] = [" + terms + ", " + n + "]");
  }
}
