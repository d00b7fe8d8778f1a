package dev.sata.jobs.niah;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the needles of the synthetic tasks, deterministically from {@code (seed, task, d, dv,
 * trial)}.
 *
 * <p>Every needle key is {@code c u} with a random unit direction {@code u} and {@code c =
 * sqrt(d)}; the query is {@code L u} for logit scale {@code L}, so the needle logit {@code q.k / c
 * = L} exactly, and a haystack key {@code c u_t} gets the logit {@code L cos(u, u_t)}. Needle
 * values are codebook codes drawn uniformly.
 *
 * <ul>
 *   <li>single: one needle, one query.
 *   <li>multi-key: the needle and {@code m - 1} distractors with directions {@code rho u + sqrt(1 -
 *       rho^2) w_j} ({@code w_j} a random unit vector orthogonal to {@code u}), so each
 *       distractor's logit is {@code rho L}; distractor codes differ from the needle's code.
 *   <li>multi-value: {@code m} copies of the needle key with values on {@code m} distinct basis
 *       axes (random signs); all {@code m} codes must be retrieved.
 *   <li>multi-query: {@code m} needles with independent directions and codes, each queried.
 * </ul>
 */
final class Needles {

  private Needles() {}

  /**
   * Returns the needles of one synthetic trial.
   *
   * @param m inserted tokens for the multi-key, multi-value and multi-query tasks (ignored for
   *     single); at most {@code dv} for multi-value
   * @param distractorCosine {@code rho}, the cosine of each distractor direction with the needle's
   */
  static NeedleSet synthetic(
      NiahTask task,
      int trial,
      long seed,
      int d,
      Codebook codebook,
      int m,
      double distractorCosine) {
    int dv = codebook.dv();
    SplittableRandom random = Seeds.random(seed, Seeds.NEEDLES, task.ordinal(), d, dv, trial);
    return switch (task) {
      case SINGLE -> single(task, trial, random, d, codebook);
      case MULTI_KEY -> multiKey(trial, random, d, codebook, m, distractorCosine);
      case MULTI_VALUE -> multiValue(trial, random, d, codebook, m);
      case MULTI_QUERY -> multiQuery(trial, random, d, codebook, m);
      case REAL_TEXT -> throw new IllegalArgumentException("real-text needles come from text");
    };
  }

  private static NeedleSet single(
      NiahTask task, int trial, SplittableRandom random, int d, Codebook codebook) {
    double[] direction = new double[d];
    Seeds.unitVector(random, direction, 0, d);
    int code = random.nextInt(codebook.size());
    return oneNeedle(task, trial, direction, code, d, codebook);
  }

  /** Returns a set of one inserted token {@code (c u, code)} queried by {@code u}. */
  static NeedleSet oneNeedle(
      NiahTask task, int trial, double[] direction, int code, int d, Codebook codebook) {
    double[] keys = scaledKey(direction, d);
    double[] values = codebook.vector(code);
    NeedleSet.Query query =
        new NeedleSet.Query(direction, new int[] {0}, new int[] {code}, values.clone());
    return new NeedleSet(task, trial, keys, values, new int[] {code}, List.of(query));
  }

  private static NeedleSet multiKey(
      int trial, SplittableRandom random, int d, Codebook codebook, int m, double rho) {
    int dv = codebook.dv();
    double[] keys = new double[m * d];
    double[] values = new double[m * dv];
    int[] codes = new int[m];

    // the needle
    double[] direction = new double[d];
    Seeds.unitVector(random, direction, 0, d);
    codes[0] = random.nextInt(codebook.size());

    // distractors at cosine rho, with other codes
    double[] orthogonal = new double[d];
    for (int j = 1; j < m; j++) {
      randomOrthogonalUnit(random, direction, orthogonal);
      double[] distractor = new double[d];
      for (int i = 0; i < d; i++) {
        distractor[i] = rho * direction[i] + Math.sqrt(1 - rho * rho) * orthogonal[i];
      }
      System.arraycopy(scaledKey(distractor, d), 0, keys, j * d, d);
      codes[j] = (codes[0] + 1 + random.nextInt(codebook.size() - 1)) % codebook.size();
    }
    System.arraycopy(scaledKey(direction, d), 0, keys, 0, d);
    for (int j = 0; j < m; j++) {
      codebook.write(codes[j], values, j * dv);
    }
    NeedleSet.Query query =
        new NeedleSet.Query(
            direction, new int[] {0}, new int[] {codes[0]}, codebook.vector(codes[0]));
    return new NeedleSet(NiahTask.MULTI_KEY, trial, keys, values, codes, List.of(query));
  }

  private static NeedleSet multiValue(
      int trial, SplittableRandom random, int d, Codebook codebook, int m) {
    int dv = codebook.dv();
    double[] direction = new double[d];
    Seeds.unitVector(random, direction, 0, d);
    double[] key = scaledKey(direction, d);

    // m distinct axes with random signs, by a partial Fisher-Yates shuffle
    int[] axes = new int[dv];
    for (int i = 0; i < dv; i++) {
      axes[i] = i;
    }
    int[] codes = new int[m];
    for (int j = 0; j < m; j++) {
      int pick = j + random.nextInt(dv - j);
      int axis = axes[pick];
      axes[pick] = axes[j];
      axes[j] = axis;
      codes[j] = random.nextBoolean() ? axis : dv + axis;
    }

    // m copies of the key; the target is the mean of the values
    double[] keys = new double[m * d];
    double[] values = new double[m * dv];
    double[] target = new double[dv];
    int[] all = new int[m];
    for (int j = 0; j < m; j++) {
      System.arraycopy(key, 0, keys, j * d, d);
      codebook.write(codes[j], values, j * dv);
      for (int i = 0; i < dv; i++) {
        target[i] += values[j * dv + i] / m;
      }
      all[j] = j;
    }
    NeedleSet.Query query = new NeedleSet.Query(direction, all, codes.clone(), target);
    return new NeedleSet(NiahTask.MULTI_VALUE, trial, keys, values, codes, List.of(query));
  }

  private static NeedleSet multiQuery(
      int trial, SplittableRandom random, int d, Codebook codebook, int m) {
    int dv = codebook.dv();
    double[] keys = new double[m * d];
    double[] values = new double[m * dv];
    int[] codes = new int[m];
    List<NeedleSet.Query> queries = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      double[] direction = new double[d];
      Seeds.unitVector(random, direction, 0, d);
      codes[j] = random.nextInt(codebook.size());
      System.arraycopy(scaledKey(direction, d), 0, keys, j * d, d);
      codebook.write(codes[j], values, j * dv);
      queries.add(
          new NeedleSet.Query(
              direction, new int[] {j}, new int[] {codes[j]}, codebook.vector(codes[j])));
    }
    return new NeedleSet(NiahTask.MULTI_QUERY, trial, keys, values, codes, queries);
  }

  /** Returns {@code c u} with {@code c = sqrt(d)}, the key of direction {@code u}. */
  static double[] scaledKey(double[] direction, int d) {
    double c = Math.sqrt(d);
    double[] key = new double[d];
    for (int i = 0; i < d; i++) {
      key[i] = c * direction[i];
    }
    return key;
  }

  /** Writes a random unit vector orthogonal to the unit vector {@code u} into {@code out}. */
  private static void randomOrthogonalUnit(SplittableRandom random, double[] u, double[] out) {
    int d = u.length;
    double norm = 0;
    while (norm < 1e-6) {
      Seeds.unitVector(random, out, 0, d);
      double projection = Codebook.dot(out, 0, u, 0, d);
      norm = 0;
      for (int i = 0; i < d; i++) {
        out[i] -= projection * u[i];
        norm += out[i] * out[i];
      }
      norm = Math.sqrt(norm);
    }
    for (int i = 0; i < d; i++) {
      out[i] /= norm;
    }
  }
}
