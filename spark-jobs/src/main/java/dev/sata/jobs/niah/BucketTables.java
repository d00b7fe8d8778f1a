package dev.sata.jobs.niah;

import dev.sata.kernel.SoftmaxPartial;
import dev.sata.kernel.TaylorState;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one haystack pass keeps per bucket of tokens, for every query of the pass: the Taylor
 * numerators and denominators {@code phi(q)^T H_b} and {@code phi(q)^T z_b} for every number of
 * terms {@code P' <= P}, and the exact softmax partial {@code (m, l, o)}. It also keeps the
 * haystack tokens at the positions that needles will replace.
 *
 * <p>Both kinds of entry add up over disjoint token sets: the Taylor entries are linear in the
 * state {@code (H, z)}, so the sum of the entries of two parts equals the entry of the merged state
 * (up to rounding), and softmax partials merge exactly. Tables of any split of the haystack
 * therefore {@link #merge} to the same result, and the entries of buckets {@code 0 .. b} give the
 * haystack of grid length {@code G_b} without regenerating it.
 *
 * <p>Taylor layout per bucket: {@code [Q, P, dv + 1]} row-major; entry {@code (q, p)} is the
 * numerator for {@code P' = p + 1} terms ({@code dv} numbers) followed by its denominator. Buckets
 * no token of this part fell into are absent. Instances are modified by the adding methods and by
 * {@link #merge}.
 */
final class BucketTables implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int queryCount;
  private final int terms;
  private final int dv;
  private final TreeMap<Integer, double[]> taylor = new TreeMap<>();
  private final TreeMap<Integer, SoftmaxPartial[]> exact = new TreeMap<>();
  private final TreeMap<Long, double[]> captured = new TreeMap<>(); // position -> [d + dv]
  private long tokens;
  private long stateEvaluations;

  BucketTables(int queryCount, int terms, int dv) {
    this.queryCount = queryCount;
    this.terms = terms;
    this.dv = dv;
  }

  /** Returns the length of one query's Taylor entry, {@code P (dv + 1)}. */
  int taylorStride() {
    return terms * (dv + 1);
  }

  /**
   * Evaluates {@code state} for every query and adds the numerators and denominators for every
   * {@code P' <= P} into bucket {@code bucket}.
   *
   * @param queries {@code [Q, d]} row-major; not modified
   */
  void addTaylor(int bucket, TaylorState state, double[] queries) {
    double[] row = taylor.computeIfAbsent(bucket, b -> new double[queryCount * taylorStride()]);
    stateEvaluations++;
    double[] numerators = new double[terms * dv];
    double[] denominators = new double[terms];
    int d = state.featureMap().d();
    for (int q = 0; q < queryCount; q++) {
      state.evaluateByTerms(queries, q * d, numerators, denominators);
      int base = q * taylorStride();
      for (int p = 0; p < terms; p++) {
        int entry = base + p * (dv + 1);
        for (int j = 0; j < dv; j++) {
          row[entry + j] += numerators[p * dv + j];
        }
        row[entry + dv] += denominators[p];
      }
    }
  }

  /** Returns the exact softmax partials of bucket {@code bucket}, one per query, created empty. */
  SoftmaxPartial[] exactRow(int bucket) {
    return exact.computeIfAbsent(
        bucket,
        b -> {
          SoftmaxPartial[] row = new SoftmaxPartial[queryCount];
          for (int q = 0; q < queryCount; q++) {
            row[q] = SoftmaxPartial.empty(dv);
          }
          return row;
        });
  }

  /** Keeps the token at {@code position}: {@code d} key numbers, then {@code dv} value numbers. */
  void capture(
      long position, double[] keys, int keyOffset, double[] values, int valueOffset, int d) {
    double[] token = new double[d + dv];
    System.arraycopy(keys, keyOffset, token, 0, d);
    System.arraycopy(values, valueOffset, token, d, dv);
    captured.put(position, token);
  }

  /** Counts {@code count} more haystack tokens. */
  void addTokens(long count) {
    tokens += count;
  }

  /** Adds {@code other} into this table and returns this; {@code other} is not modified. */
  BucketTables merge(BucketTables other) {
    if (other.queryCount != queryCount || other.terms != terms || other.dv != dv) {
      throw new IllegalArgumentException(
          "cannot merge bucket tables of different shapes: "
              + describe()
              + " and "
              + other.describe());
    }
    for (Map.Entry<Integer, double[]> entry : other.taylor.entrySet()) {
      double[] row = taylor.get(entry.getKey());
      if (row == null) {
        taylor.put(entry.getKey(), entry.getValue().clone());
      } else {
        double[] add = entry.getValue();
        for (int i = 0; i < row.length; i++) {
          row[i] += add[i];
        }
      }
    }
    for (Map.Entry<Integer, SoftmaxPartial[]> entry : other.exact.entrySet()) {
      SoftmaxPartial[] row = exactRow(entry.getKey());
      for (int q = 0; q < queryCount; q++) {
        row[q].merge(entry.getValue()[q]);
      }
    }
    captured.putAll(other.captured);
    tokens += other.tokens;
    stateEvaluations += other.stateEvaluations;
    return this;
  }

  /** Returns {@code Q}. */
  int queryCount() {
    return queryCount;
  }

  /** Returns {@code P}, the largest number of terms. */
  int terms() {
    return terms;
  }

  /** Returns {@code dv}. */
  int dv() {
    return dv;
  }

  /** Returns the Taylor entries of a bucket, or null when no token fell into it. */
  double[] taylorRow(int bucket) {
    return taylor.get(bucket);
  }

  /** Returns the exact partials of a bucket, or null when no token fell into it. */
  SoftmaxPartial[] exactRowOrNull(int bucket) {
    return exact.get(bucket);
  }

  /** Returns the kept token at {@code position} ({@code [d + dv]}), or null. */
  double[] captured(long position) {
    return captured.get(position);
  }

  /** Returns the number of haystack tokens the tables cover. */
  long tokens() {
    return tokens;
  }

  /** Returns how many bucket states were evaluated for all queries. */
  long stateEvaluations() {
    return stateEvaluations;
  }

  private String describe() {
    return "(Q=" + queryCount + ", P=" + terms + ", dv=" + dv + ")";
  }
}
