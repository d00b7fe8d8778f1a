package dev.sata.jobs.niah;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The value codebook: the {@code 2 dv} vectors {@code +b_i} and {@code -b_i} of a seeded random
 * orthonormal basis {@code b_0 .. b_{dv-1}} of {@code R^dv} (the vertices of a rotated
 * cross-polytope). Two distinct codes have cosine 0 or -1, so a retrieved output decodes to the
 * code of largest cosine without ties between near-copies. Code {@code i < dv} is {@code +b_i},
 * code {@code dv + i} is {@code -b_i}.
 */
final class Codebook implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int dv;
  private final double[] basis; // [dv, dv] row-major, row i = b_i

  /**
   * Builds the codebook of {@code dv}-dimensional codes for {@code seed}: Gram-Schmidt on a
   * Gaussian matrix drawn from the codebook stream.
   */
  Codebook(long seed, int dv) {
    this.dv = dv;
    this.basis = new double[dv * dv];
    SplittableRandom random = Seeds.random(seed, Seeds.CODEBOOK, dv);
    for (int i = 0; i < dv; i++) {
      double norm = 0;
      while (norm < 1e-6) {
        Seeds.unitVector(random, basis, i * dv, dv);
        orthogonalise(i);
        norm = Math.sqrt(dot(basis, i * dv, basis, i * dv, dv));
      }
      for (int j = 0; j < dv; j++) {
        basis[i * dv + j] /= norm;
      }
    }
  }

  /** Returns the number of codes, {@code 2 dv}. */
  int size() {
    return 2 * dv;
  }

  /** Returns {@code dv}. */
  int dv() {
    return dv;
  }

  /** Writes code {@code code} ({@code dv} numbers) to {@code out} from {@code offset}. */
  void write(int code, double[] out, int offset) {
    int row = (code % dv) * dv;
    double sign = code < dv ? 1 : -1;
    for (int j = 0; j < dv; j++) {
      out[offset + j] = sign * basis[row + j];
    }
  }

  /** Returns code {@code code} as a new array. */
  double[] vector(int code) {
    double[] out = new double[dv];
    write(code, out, 0);
    return out;
  }

  /**
   * Returns the code with the largest cosine to {@code y}, or -1 when {@code y} is zero or not
   * finite (such an output retrieves nothing).
   */
  int nearest(double[] y) {
    int[] best = nearest(y, 1);
    return best.length == 0 ? -1 : best[0];
  }

  /**
   * Returns the {@code count} codes with the largest cosine to {@code y}, best first, or an empty
   * array when {@code y} is zero or not finite. All codes have unit norm, so the cosine order is
   * the order of {@code y . code}: {@code +-(y . b_i)}.
   */
  int[] nearest(double[] y, int count) {
    if (!usable(y)) {
      return new int[0];
    }
    double[] scores = new double[2 * dv];
    for (int i = 0; i < dv; i++) {
      double s = dot(y, 0, basis, i * dv, dv);
      scores[i] = s;
      scores[dv + i] = -s;
    }
    Integer[] order = new Integer[2 * dv];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    int[] best = new int[Math.min(count, order.length)];
    for (int i = 0; i < best.length; i++) {
      best[i] = order[i];
    }
    return best;
  }

  private static boolean usable(double[] y) {
    double norm = 0;
    for (double v : y) {
      if (!Double.isFinite(v)) {
        return false;
      }
      norm += v * v;
    }
    return norm > 0;
  }

  private void orthogonalise(int row) {
    for (int k = 0; k < row; k++) {
      double projection = dot(basis, row * dv, basis, k * dv, dv);
      for (int j = 0; j < dv; j++) {
        basis[row * dv + j] -= projection * basis[k * dv + j];
      }
    }
  }

  static double dot(double[] a, int aOffset, double[] b, int bOffset, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }
}
