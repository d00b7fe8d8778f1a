package dev.sata.kernel;

/**
 * Scalar hot loops of {@link TaylorState}: the rank-{@code count} update of {@code H} and {@code
 * z}, and the contraction of a feature vector with them. Arguments are checked by the callers;
 * shapes are only asserted here.
 */
final class StateKernels {

  private StateKernels() {}

  /**
   * Adds {@code count} outer products: {@code z[r] += sum_b phi[b, r]}, {@code H[r, j] += sum_b
   * phi[b, r] v[b, j]}.
   *
   * @param phi {@code [count, D]} row-major from index 0; not modified
   * @param values {@code [count, dv]} row-major from {@code valueOffset}; not modified
   * @param h {@code [D, dv]} row-major, updated
   * @param z {@code [D]}, updated
   */
  static void addOuterProducts(
      double[] phi,
      int features,
      double[] values,
      int valueOffset,
      int count,
      int dv,
      double[] h,
      double[] z) {
    assert phi.length >= count * features && h.length == features * dv && z.length == features;

    for (int r = 0; r < features; r++) {
      // z row
      double sum = 0;
      for (int b = 0; b < count; b++) {
        sum += phi[b * features + r];
      }
      z[r] += sum;

      // H row, loaded once for the whole block
      int row = r * dv;
      for (int b = 0; b < count; b++) {
        double f = phi[b * features + r];
        int v = valueOffset + b * dv;
        for (int j = 0; j < dv; j++) {
          h[row + j] += f * values[v + j];
        }
      }
    }
  }

  /** Float32 version of {@link #addOuterProducts}; values are already float32. */
  static void addOuterProductsFloat(
      double[] phi, int features, float[] values, int count, int dv, float[] h, float[] z) {
    assert phi.length >= count * features && h.length == features * dv && z.length == features;

    for (int r = 0; r < features; r++) {
      // z row
      float sum = 0;
      for (int b = 0; b < count; b++) {
        sum += (float) phi[b * features + r];
      }
      z[r] += sum;

      // H row
      int row = r * dv;
      for (int b = 0; b < count; b++) {
        float f = (float) phi[b * features + r];
        int v = b * dv;
        for (int j = 0; j < dv; j++) {
          h[row + j] += f * values[v + j];
        }
      }
    }
  }

  /**
   * Adds {@code sum_r phi[r] H[r, j]} over the feature rows {@code r = start .. start+length-1}
   * into {@code numerator[offset + j]} and returns {@code sum_r phi[r] z[r]} over the same rows.
   *
   * @param phi {@code [D]} features; not modified
   */
  static double contract(
      double[] phi,
      int start,
      int length,
      double[] h,
      double[] z,
      int dv,
      double[] numerator,
      int offset) {
    double denominator = 0;
    for (int r = start; r < start + length; r++) {
      double f = phi[r];
      denominator += f * z[r];
      int row = r * dv;
      for (int j = 0; j < dv; j++) {
        numerator[offset + j] += f * h[row + j];
      }
    }
    return denominator;
  }

  /** Float32-state version of {@link #contract}; products and sums are in float64. */
  static double contractFloat(
      double[] phi,
      int start,
      int length,
      float[] h,
      float[] z,
      int dv,
      double[] numerator,
      int offset) {
    double denominator = 0;
    for (int r = start; r < start + length; r++) {
      double f = phi[r];
      denominator += f * z[r];
      int row = r * dv;
      for (int j = 0; j < dv; j++) {
        numerator[offset + j] += f * h[row + j];
      }
    }
    return denominator;
  }
}
